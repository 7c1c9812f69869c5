"""Vietnamese alphabetical order for names.

The database's default collation is C.UTF-8, which orders by code point: "Chuối" came before
"Cà phê" and every name with a diacritic sank below the plain ones. The migration
ocop_portal/0002 creates the ICU collation "vietnamese" (PostgreSQL's ICU provider, locale
"vi"), and every name sort goes through `vi()`.
"""

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "vietnamese"


def vi(field: str) -> Collate:
    """`field` compared in Vietnamese alphabetical order (for order_by)."""
    return Collate(F(field), COLLATION)
