import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.scope import filter_by_unit
from evaluation.models import Certificate, CouncilSeat


def seats_held_by(user, *, on: datetime.date | None = None) -> QuerySet[CouncilSeat]:
    """The council seats a user holds on a date (today by default): their only way into rounds."""
    day = on or timezone.localdate()
    return (
        CouncilSeat.objects.filter(user=user, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .select_related("council", "council__unit")
        .order_by("council__name")
    )


def certificate_list(user) -> QuerySet[Certificate]:
    return filter_by_unit(
        Certificate.objects.all(),
        user,
        "product__subject__commune",
        "product__subject__legacy_commune",
    ).select_related("product__subject__commune", "product__product_set")


def certificates_of(user, product) -> QuerySet[Certificate]:
    return certificate_list(user).filter(product=product).order_by("-decision_date")
