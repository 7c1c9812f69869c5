import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from evaluation.models import CouncilSeat


def seats_held_by(user, *, on: datetime.date | None = None) -> QuerySet[CouncilSeat]:
    """The council seats a user holds on a date (today by default): their only way into rounds."""
    day = on or timezone.localdate()
    return (
        CouncilSeat.objects.filter(user=user, term_start__lte=day)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .select_related("council", "council__unit")
        .order_by("council__name")
    )
