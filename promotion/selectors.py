from django.db.models import Count, QuerySet

from accounts.scope import filter_by_unit, get_in_scope_or_404, scope_for
from promotion.models import Partner, ProducerPageRevision, SalesChannel, SalesPoint, TradeEvent


def sales_point_list(user) -> QuerySet[SalesPoint]:
    return (
        filter_by_unit(SalesPoint.objects.all(), user, "unit")
        .select_related("unit")
        .annotate(product_count=Count("products"))
        .order_by("name")
    )


def sales_point_get(user, pk) -> SalesPoint:
    return get_in_scope_or_404(sales_point_list(user), pk=pk)


def channel_list(user) -> QuerySet[SalesChannel]:
    return filter_by_unit(
        SalesChannel.objects.all(), user, "subject__commune", "subject__legacy_commune"
    ).select_related("subject")


def channel_get(user, pk) -> SalesChannel:
    return get_in_scope_or_404(channel_list(user), pk=pk)


def event_list(user) -> QuerySet[TradeEvent]:
    return (
        filter_by_unit(TradeEvent.objects.all(), user, "unit")
        .select_related("unit")
        .annotate(participant_count=Count("participations"))
        .order_by("-starts_on")
    )


def event_get(user, pk) -> TradeEvent:
    return get_in_scope_or_404(event_list(user), pk=pk)


def partner_list(user) -> QuerySet[Partner]:
    """The partner network is the province's: all its staff read it."""
    partners = Partner.objects.annotate(subject_count=Count("subjects")).order_by("name")
    if not scope_for(user).unit_ids:
        return partners.none()  # sortable by the same columns, empty
    return partners


def partner_get(user, pk) -> Partner:
    return get_in_scope_or_404(partner_list(user), pk=pk)


def page_revisions_visible_to(user):

    return filter_by_unit(
        ProducerPageRevision.objects.select_related("subject", "submitted_by", "decided_by"),
        user,
        "subject__commune",
        "subject__legacy_commune",
    )
