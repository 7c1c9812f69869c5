from django.db import connection
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from accounts.models import Role
from accounts.roles import SUPERVISORS
from accounts.scope import filter_by_unit, get_in_scope_or_404
from evaluation.models import Certificate
from products.models import (
    BusinessPlan,
    CommunicationCampaign,
    IdeaStatus,
    PlanStatus,
    Product,
    ProductIdea,
    StarsInForce,
    SupportActivity,
)


def product_list(user) -> QuerySet[Product]:
    return filter_by_unit(
        Product.objects.all(), user, "subject__commune", "subject__legacy_commune"
    ).select_related("subject__commune", "product_set__group__sector")


def product_get(user, pk) -> Product:
    return get_in_scope_or_404(product_list(user), pk=pk)


def idea_list(user) -> QuerySet[ProductIdea]:
    return filter_by_unit(ProductIdea.objects.all(), user, "commune").select_related(
        "commune", "product_set", "proposer_subject", "created_by"
    )


def idea_get(user, pk) -> ProductIdea:
    return get_in_scope_or_404(idea_list(user), pk=pk)


def plan_list(user) -> QuerySet[BusinessPlan]:
    return filter_by_unit(BusinessPlan.objects.all(), user, "commune").select_related(
        "commune", "subject", "idea", "product"
    )


def plan_get(user, pk) -> BusinessPlan:
    return get_in_scope_or_404(plan_list(user).prefetch_related("funding"), pk=pk)


def support_list(user) -> QuerySet[SupportActivity]:
    return filter_by_unit(
        SupportActivity.objects.all(), user, "subject__commune", "subject__legacy_commune"
    ).select_related("subject", "plan")


def campaign_list(user) -> QuerySet[CommunicationCampaign]:
    return filter_by_unit(CommunicationCampaign.objects.all(), user, "unit").select_related("unit")


def ideas_waiting_for(user) -> QuerySet[ProductIdea]:
    """Ideas whose next step is this user's: the inbox."""
    ideas = idea_list(user)
    if user.role in SUPERVISORS:
        return ideas.filter(status=IdeaStatus.SUBMITTED)
    if user.role == Role.COMMUNE_OFFICER:
        # their own drafts and returned ideas, and the producers' proposals to forward
        return ideas.filter(
            Q(status__in=[IdeaStatus.RETURNED, IdeaStatus.DRAFT], created_by=user)
            | Q(status=IdeaStatus.PROPOSED)
        )
    return ideas.none()


def plans_waiting_for(user) -> QuerySet[BusinessPlan]:
    plans = plan_list(user)
    if user.role in SUPERVISORS:
        return plans.filter(status=PlanStatus.SUBMITTED)
    if user.role == Role.COMMUNE_OFFICER:
        return plans.filter(status__in=[PlanStatus.RETURNED, PlanStatus.DRAFT], created_by=user)
    return plans.none()


def with_certificate_in_force(products: QuerySet[Product], day) -> QuerySet[Product]:
    """Each product with the stars and expiry of its best certificate in force on `day`
    (`stars` and `valid_until`, empty without one): the two columns people look for first; and
    that certificate's decision date (`recognised_on`), which names the product's commune as it
    was called when it was recognised.

    Read from the maintained `StarsInForce` row when it holds for the day (always, for today,
    once the nightly refresh ran); otherwise computed from the certificates."""

    best = (
        Certificate.objects.valid_on(day)
        .filter(product=OuterRef("pk"))
        .order_by("-stars", "-expires_on")
    )
    holds = Q(stars_in_force__as_of__lte=day) & (
        Q(stars_in_force__changes_on__isnull=True) | Q(stars_in_force__changes_on__gt=day)
    )
    return products.annotate(
        stars=Case(
            When(holds, then=F("stars_in_force__stars")),
            default=Subquery(best.values("stars")[:1]),
        ),
        valid_until=Case(
            When(holds, then=F("stars_in_force__valid_until")),
            default=Subquery(best.values("expires_on")[:1]),
        ),
        recognised_on=Subquery(best.values("decision_date")[:1]),
    )


def refresh_stars_in_force(day=None, product_ids=None) -> int:
    """Recompute the maintained stars of `product_ids` (default: every row that no longer
    holds on `day`, i.e. a certificate expired or began since) as of `day` (default today)."""

    day = day or timezone.localdate()
    if product_ids is None:
        product_ids = list(
            StarsInForce.objects.filter(Q(as_of__gt=day) | Q(changes_on__lte=day)).values_list(
                "product_id", flat=True
            )
        )
    product_ids = list(product_ids)
    if product_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT products_refresh_stars_in_force(%s::bigint[], %s)", [product_ids, day]
            )
    return len(product_ids)


def subject_records(user, subject) -> dict:
    """A producer's products, ideas, business plans and latest support that `user` may see: the
    producers' part of the producer's page (subjects' detail page composes it)."""
    return {
        "products": product_list(user).filter(subject=subject),
        "ideas": idea_list(user).filter(proposer_subject=subject),
        "plans": plan_list(user).filter(subject=subject),
        "support": support_list(user).filter(subject=subject)[:20],
    }
