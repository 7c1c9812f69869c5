"""Type-ahead source of products (ocop_portal/typeahead.py)."""

from django.db.models import QuerySet

from ocop_portal.collation import vi
from ocop_portal.typeahead import register
from products.selectors import product_list


def products(user, params: dict) -> QuerySet:
    rows = product_list(user)
    if str(params.get("producer", "")).isdigit():
        rows = rows.filter(subject_id=int(params["producer"]))
    return rows.order_by(vi("name"), "pk")


def product_item(product) -> dict:
    subject = product.subject
    note = subject.name
    if product.code:
        note = f"{note} · {product.code}"
    # The dossier form takes its representative and address from the producer record (the
    # browser fills the fields when the product is picked; the form does the same when they
    # are left empty).
    return {
        "value": product.pk,
        "text": product.name,
        "note": note,
        "fill": {"representative": subject.representative_name, "address": subject.address},
    }


register("products", products, item=product_item, params=("producer",))
