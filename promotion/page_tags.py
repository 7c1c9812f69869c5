"""What each public page shows, and which changes retire it (see ocop_portal/pagecache.py).

Tags:
- "catalogue": every catalogue listing page, the landing page and the sitemap (a product
  entering or leaving the catalogue, or changing its stars, name, photo or producer);
- "product:<code>": the public page of one product;
- "verify:<code>": the verification page of one certificate;
- "partners": the partner directory.

Versions are bumped when the change is saved and again when its transaction commits: a page
built by another request in between (from the old rows) is stored under a version that no
later request asks for.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from evaluation.models import Certificate, Revocation
from ocop_portal import pagecache
from products.models import Product, ProductPhoto
from promotion.models import (
    PageRevisionStatus,
    Partner,
    ProducerPageRevision,
    SalesChannel,
    SalesPoint,
)
from subjects.models import Subject

CATALOGUE = "catalogue"
PARTNERS = "partners"


def catalogue_tags(**kwargs) -> list[str]:
    return [CATALOGUE]


def product_tags(code: str, **kwargs) -> list[str]:
    return [f"product:{code}"]


def verify_tags(code: str, **kwargs) -> list[str]:
    return [f"verify:{code}"]


def partner_tags(**kwargs) -> list[str]:
    return [PARTNERS]


def _later(*tags: str) -> None:
    # Now, so that no page built inside this transaction is served from before it; and again
    # after the commit, for a page built by another request between the two.
    pagecache.invalidate(*tags)
    transaction.on_commit(lambda: pagecache.invalidate(*tags))


def products_changed(product_ids) -> None:
    """Products whose public face changed: their pages, their certificates' verify pages (the
    product's name and producer show there) and the catalogue."""
    product_ids = [pk for pk in product_ids if pk]
    if not product_ids:
        return
    codes = Product.objects.filter(pk__in=product_ids).exclude(code=None)
    tags = [f"product:{code}" for code in codes.values_list("code", flat=True)]
    tags += [
        f"verify:{code}"
        for code in Certificate.objects.filter(product__in=product_ids).values_list(
            "public_code", flat=True
        )
    ]
    _later(CATALOGUE, *tags)


def everything_changed() -> None:
    """For bulk loads that bypass model signals (the register import, reference data)."""
    _later(pagecache.ALL)


@receiver([post_save, post_delete], sender=Certificate)
def _certificate(sender, instance, **kwargs):
    # One certificate superseding another changes the other's verify page too: all of the
    # product's certificates are retired together.
    products_changed([instance.product_id])
    _later(f"verify:{instance.public_code}")


@receiver([post_save, post_delete], sender=Revocation)
def _revocation(sender, instance, **kwargs):
    products_changed([instance.certificate.product_id])


@receiver([post_save, post_delete], sender=Product)
def _product(sender, instance, **kwargs):
    if instance.code:
        _later(f"product:{instance.code}")
    products_changed([instance.pk])


@receiver([post_save, post_delete], sender=ProductPhoto)
def _photo(sender, instance, **kwargs):
    products_changed([instance.product_id])


@receiver(post_save, sender=Subject)
def _subject(sender, instance, **kwargs):
    products_changed(list(instance.products.values_list("pk", flat=True)))


@receiver(post_save, sender=SalesPoint)
def _sales_point(sender, instance, **kwargs):
    products_changed(list(instance.products.values_list("pk", flat=True)))


@receiver(pre_delete, sender=SalesPoint)
def _sales_point_deleted(sender, instance, **kwargs):
    products_changed(list(instance.products.values_list("pk", flat=True)))


@receiver(m2m_changed, sender=SalesPoint.products.through)
def _sales_point_products(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # product.sales_points changed
        products_changed([instance.pk])
    elif action == "pre_clear":
        products_changed(list(instance.products.values_list("pk", flat=True)))
    else:
        products_changed(list(pk_set or []))


@receiver([post_save, post_delete], sender=SalesChannel)
def _channel(sender, instance, **kwargs):
    products_changed(
        list(Product.objects.filter(subject_id=instance.subject_id).values_list("pk", flat=True))
    )


@receiver([post_save, post_delete], sender=Partner)
def _partner(sender, instance, **kwargs):
    _later(PARTNERS)


@receiver(post_save, sender=ProducerPageRevision)
def _producer_page(sender, instance, **kwargs):
    # only an approval changes what the public sees
    if instance.status == PageRevisionStatus.APPROVED:
        products_changed(
            list(
                Product.objects.filter(subject_id=instance.subject_id).values_list("pk", flat=True)
            )
        )
