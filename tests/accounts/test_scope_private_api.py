"""`get_in_scope_or_404` copies a scoped queryset's display joins and prefetches onto a query by
primary key, through attributes Django does not document (see its docstring for why and for the
timings). These tests fail, rather than the pages quietly slowing down or breaking, if a Django
upgrade changes those attributes."""

import pytest
from django.db.models import Count

from accounts.scope import get_in_scope_or_404
from products import selectors
from products.models import Product
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_attributes_it_reads_still_mean_what_they_did():
    plain = Product.objects.all()
    assert plain.query.select_related is False
    assert plain._prefetch_related_lookups == ()
    assert plain.query.annotations == {} and plain.query.distinct is False

    joined = plain.select_related("subject__commune").prefetch_related("photos")
    assert joined.query.select_related == {"subject": {"commune": {}}}
    assert joined._prefetch_related_lookups == ("photos",)
    assert "n" in plain.annotate(n=Count("photos")).query.annotations
    assert plain.distinct().query.distinct is True

    row = Product.objects.filter(pk=1)
    row.query.select_related = joined.query.select_related
    assert "JOIN" in str(row.query)


def test_the_object_comes_with_the_scoped_querysets_relations(
    cast, units, django_assert_num_queries
):
    subject = factories.subject(units.current("19429"))
    product = factories.product(cast["commune_a"], subject)
    scoped = selectors.product_list(cast["commune_a"]).prefetch_related("photos")
    with django_assert_num_queries(3):  # in scope?, the row with its joins, its photos
        found = get_in_scope_or_404(scoped, pk=product.pk)
    with django_assert_num_queries(0):
        assert found.subject.commune.code == "19429"
        assert found.product_set.group.sector.name
        assert list(found.photos.all()) == []
