"""Every state change of products, ideas, business plans, support and campaigns.

Each service asks the lifecycle's policy (`products.policies`) whether the actor may take the
step: 403 for a wrong role or area, `TransitionError` (whose message is shown to the user) for a
wrong status. It then writes in one transaction and leaves the history to
django-simple-history.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AdministrativeUnit, Role
from accounts.scope import scope_for, units_covering
from accounts.services import notify
from ocop_portal.exceptions import TransitionError
from products.models import (
    STATE_BUDGET_SOURCES,
    AppraisalConclusion,
    BusinessPlan,
    CommunicationCampaign,
    IdeaStatus,
    PlanFunding,
    Product,
    ProductIdea,
    ProductPhoto,
    SupportActivity,
)
from products.policies import CAMPAIGNS, IDEAS, PLANS, PRODUCTS, SUPPORT
from subjects.models import TOURISM_ONLY_FORMS, Subject

User = get_user_model()


def _screeners_of(commune_id: int):
    """District staff whose old district covers the commune, or else province staff."""
    covering = units_covering(commune_id)
    users = User.objects.filter(is_active=True, unit_id__in=covering)
    district = list(users.filter(role=Role.DISTRICT_STAFF))
    return district or list(users.filter(role=Role.PROVINCE_STAFF))


def _check_tourism_rule(subject, product_set) -> None:
    if (
        subject is not None
        and subject.legal_form in TOURISM_ONLY_FORMS
        and not (product_set.is_tourism)
    ):
        raise TransitionError(
            _("Associations and operating centres may register tourism products only.")
        )


# --- Products --------------------------------------------------------------------------------


def _next_product_code(commune: AdministrativeUnit, year: int) -> str:
    """province-commune-sequence-year, the current format (from 1 July 2025)."""
    # Lock the commune row so two registrations in one commune never take the same number.
    AdministrativeUnit.objects.select_for_update().filter(pk=commune.pk).first()
    prefix = f"{commune.parent.code}-{commune.code}-"
    taken = Product.objects.filter(code__startswith=prefix, code__endswith=f"-{year}").count()
    return f"{prefix}{taken + 1:03d}-{year}"


def _legacy_code(code: str, legacy_commune: AdministrativeUnit) -> str:
    """Before July 2025 codes carried the district: province-district-commune-sequence-year."""
    sequence, year = code.rsplit("-", 2)[-2:]
    district = legacy_commune.parent
    return f"{district.parent.code}-{district.code}-{legacy_commune.code}-{sequence}-{year}"


@transaction.atomic
def product_create(
    *,
    actor,
    subject,
    product_set,
    name: str,
    code_year: int | None = None,
    code: str = "",
    legacy_commune: AdministrativeUnit | None = None,
    **fields,
) -> Product:
    """A new product with the next code of its commune.

    The historical register (evaluation.register_import) creates products recognised years
    ago: `code_year` numbers the code in the year of recognition instead of this year, `code`
    keeps a code the register already gave (it must be free), and `legacy_commune` (the commune
    of the list before 1 July 2025) adds the former district-format code. The checks are the
    same as for a product registered today.
    """
    PRODUCTS.check(actor, Product(subject=subject), "create")
    _check_tourism_rule(subject, product_set)
    product = Product(
        subject=subject, product_set=product_set, name=name, created_by=actor, **fields
    )
    if code:
        if Product.objects.filter(code=code).exists():
            raise TransitionError(_("Product code %(code)s is already taken.") % {"code": code})
        product.code = code
    else:
        product.code = _next_product_code(subject.commune, code_year or timezone.localdate().year)
    if legacy_commune is not None and not product.legacy_code:
        product.legacy_code = _legacy_code(product.code, legacy_commune)
    product.full_clean()
    product._history_user = actor  # history names who acted, also outside requests
    product.save()
    return product


@transaction.atomic
def product_update(*, actor, product: Product, **fields) -> Product:
    PRODUCTS.check(actor, product, "edit")
    for name, value in fields.items():
        setattr(product, name, value)
    _check_tourism_rule(product.subject, product.product_set)
    product.full_clean()
    product._history_user = actor
    product.save(update_fields=list(fields))
    return product


@transaction.atomic
def product_photo_add(*, actor, product: Product, image, extension: str, caption: str = ""):
    PRODUCTS.check(actor, product, "add-photo")
    photo = ProductPhoto(product=product, extension=extension, caption=caption)
    photo.image.save(f"photo.{extension}", image, save=False)
    photo.save()
    return photo


# --- Ideas (cycle step 2) ---------------------------------------------------------------------


def _idea_link(idea) -> str:
    return reverse("products:idea_detail", args=[idea.pk])


def _producer_idea_link(idea) -> str:
    return reverse("producer:idea_detail", args=[idea.pk])


def _notify_proposer(idea, message: str) -> None:
    """The producer's accounts hear of their own idea, on their own pages."""
    if idea.proposer_subject_id is None:
        return
    recipients = User.objects.filter(
        role=Role.PRODUCER, subject_id=idea.proposer_subject_id, is_active=True
    )
    notify(recipients=recipients, message=message, link=_producer_idea_link(idea))


def _commune_officers_of(commune_id: int):
    return User.objects.filter(
        role=Role.COMMUNE_OFFICER, unit_id__in=units_covering(commune_id), is_active=True
    )


IDEA_PRODUCER_FIELDS = (
    "product_name",
    "product_set",
    "description",
    "raw_material_origin",
    "local_labour",
    "intended_market",
    "support_needed",
)


@transaction.atomic
def idea_propose(*, actor, idea: ProductIdea | None = None, **fields) -> ProductIdea:
    """A producer proposes an idea to its commune, or proposes a returned one again.

    The commune officer then forwards it for screening (`idea_submit`) or sends it back with
    guidance (`idea_send_back`); the producer only ever edits its own proposals.
    """
    scope = scope_for(actor)
    # the policy answers first: only a producer's account has a producer to read below
    if idea is None:
        IDEAS.check(actor, ProductIdea(proposer_subject_id=scope.subject_id), "propose")
    else:
        idea = ProductIdea.objects.select_for_update().get(pk=idea.pk)
        IDEAS.check(actor, idea, "propose-again")
    subject = Subject.objects.get(pk=scope.subject_id)
    unknown = set(fields) - set(IDEA_PRODUCER_FIELDS)
    if unknown:
        raise ValueError(f"not a producer's field: {sorted(unknown)}")
    if idea is None:
        idea = ProductIdea(
            commune=subject.commune,
            proposer_subject=subject,
            proposer_phone=subject.phone,
            created_by=actor,
            year=timezone.localdate().year,
        )
    for name, value in fields.items():
        setattr(idea, name, value)
    _check_tourism_rule(subject, idea.product_set)
    idea.status = IdeaStatus.PROPOSED
    idea.submitted_at = timezone.now()
    idea.full_clean()
    idea._history_user = actor
    idea.save()
    notify(
        recipients=_commune_officers_of(idea.commune_id),
        message=_("%(producer)s proposes the product idea “%(name)s”.")
        % {"producer": subject.name, "name": idea.product_name},
        link=_idea_link(idea),
    )
    return idea


@transaction.atomic
def idea_send_back(*, actor, idea: ProductIdea, guidance: str) -> ProductIdea:
    """The commune officer sends a producer's proposal back with written guidance."""
    if not IDEAS.may_act(actor, idea, "send-back"):
        raise PermissionDenied
    if not guidance.strip():
        raise TransitionError(_("Written guidance is required to return an idea."))
    idea = _screen(IDEAS, actor=actor, record=idea, step="send-back", guidance=guidance.strip())
    _notify_proposer(
        idea,
        _("Your product idea “%(name)s” was returned with guidance.") % {"name": idea.product_name},
    )
    return idea


@transaction.atomic
def idea_create(*, actor, commune, submit: bool = False, **fields) -> ProductIdea:
    IDEAS.check(actor, ProductIdea(commune=commune), "create")
    _check_tourism_rule(fields.get("proposer_subject"), fields["product_set"])
    idea = ProductIdea(
        commune=commune,
        created_by=actor,
        year=fields.pop("year", timezone.localdate().year),
        **fields,
    )
    idea.full_clean()
    idea._history_user = actor
    idea.save()
    if submit:
        idea = idea_submit(actor=actor, idea=idea)
    return idea


@transaction.atomic
def idea_update(*, actor, idea: ProductIdea, **fields) -> ProductIdea:
    IDEAS.check(actor, idea, "edit")
    for name, value in fields.items():
        setattr(idea, name, value)
    _check_tourism_rule(idea.proposer_subject, idea.product_set)
    idea.full_clean()
    idea._history_user = actor
    idea.save(update_fields=list(fields))
    return idea


@transaction.atomic
def idea_submit(*, actor, idea: ProductIdea) -> ProductIdea:
    idea = ProductIdea.objects.select_for_update().get(pk=idea.pk)
    idea.status = IDEAS.check(actor, idea, "submit").target
    idea.submitted_at = timezone.now()
    idea._history_user = actor
    idea.save(update_fields=["status", "submitted_at"])
    notify(
        recipients=_screeners_of(idea.commune_id),
        message=_("Product idea “%(name)s” (%(commune)s) waits for screening.")
        % {"name": idea.product_name, "commune": idea.commune.name},
        link=_idea_link(idea),
    )
    return idea


def _screen(policy, *, actor, record, step: str, guidance: str = "", ready=None):
    """One screening decision on an idea or a business plan (accept, return, send back).

    The record is read afresh under a lock, the policy checks role, area and status, `ready`
    may refuse further (a plan still to be appraised), and the decision is recorded with the
    written guidance, who decided and when.
    """
    record = type(record).objects.select_for_update().get(pk=record.pk)
    target = policy.check(actor, record, step).target
    if ready is not None:
        ready(record)
    record.status = target
    record.guidance = guidance
    record.decided_at = timezone.now()
    record.decided_by = actor
    record._history_user = actor
    record.save(update_fields=["status", "guidance", "decided_at", "decided_by"])
    return record


@transaction.atomic
def idea_accept(*, actor, idea: ProductIdea, guidance: str = "") -> ProductIdea:
    idea = _screen(IDEAS, actor=actor, record=idea, step="accept", guidance=guidance)
    _notify_decision(
        idea, _("Product idea “%(name)s” has been accepted.") % {"name": idea.product_name}
    )
    return idea


def _notify_decision(idea, message: str) -> None:
    """The one who registered the idea hears of the decision; a producer on its own pages."""
    if idea.created_by.role == Role.PRODUCER:
        _notify_proposer(idea, message)
    else:
        notify(recipients=[idea.created_by], message=message, link=_idea_link(idea))
        _notify_proposer(idea, message)


@transaction.atomic
def idea_return(*, actor, idea: ProductIdea, guidance: str) -> ProductIdea:
    if not guidance.strip():
        raise TransitionError(_("Written guidance is required to return an idea."))
    idea = _screen(IDEAS, actor=actor, record=idea, step="return", guidance=guidance.strip())
    _notify_decision(
        idea,
        _("Product idea “%(name)s” was returned with guidance.") % {"name": idea.product_name},
    )
    return idea


@transaction.atomic
def idea_withdraw(*, actor, idea: ProductIdea) -> ProductIdea:
    idea = ProductIdea.objects.select_for_update().get(pk=idea.pk)
    idea.status = IDEAS.check(actor, idea, "withdraw").target
    idea._history_user = actor
    idea.save(update_fields=["status"])
    return idea


# --- Business plans (cycle step 3) ---------------------------------------------------------


def _plan_link(plan) -> str:
    return reverse("products:plan_detail", args=[plan.pk])


def plan_needs_appraisal(plan: BusinessPlan) -> bool:
    return plan.funding.filter(source__in=STATE_BUDGET_SOURCES, amount__gt=0).exists()


def _save_funding(plan: BusinessPlan, funding: dict[str, Decimal]) -> None:
    for source, amount in funding.items():
        if amount:
            PlanFunding.objects.update_or_create(
                plan=plan, source=source, defaults={"amount": amount}
            )
        else:
            PlanFunding.objects.filter(plan=plan, source=source).delete()


@transaction.atomic
def plan_create(
    *, actor, subject, funding: dict[str, Decimal], idea=None, product=None, **fields
) -> BusinessPlan:
    if idea is None and product is None:
        raise TransitionError(_("A business plan belongs to an accepted idea or a product."))
    # Read the status afresh: the caller's instance may predate the decision.
    if (
        idea is not None
        and not ProductIdea.objects.filter(pk=idea.pk, status=IdeaStatus.ACCEPTED).exists()
    ):
        raise TransitionError(_("A business plan can only follow an accepted idea."))
    commune = idea.commune if idea is not None else product.subject.commune
    PLANS.check(actor, BusinessPlan(commune=commune), "create")
    plan = BusinessPlan(
        subject=subject, idea=idea, product=product, commune=commune, created_by=actor, **fields
    )
    plan.full_clean()
    plan._history_user = actor
    plan.save()
    _save_funding(plan, funding)
    return plan


@transaction.atomic
def plan_update(
    *, actor, plan: BusinessPlan, funding: dict[str, Decimal], **fields
) -> BusinessPlan:
    PLANS.check(actor, plan, "edit")
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan._history_user = actor
    plan.save(update_fields=list(fields))
    _save_funding(plan, funding)
    return plan


@transaction.atomic
def plan_submit(*, actor, plan: BusinessPlan) -> BusinessPlan:
    plan = BusinessPlan.objects.select_for_update().get(pk=plan.pk)
    plan.status = PLANS.check(actor, plan, "submit").target
    plan.submitted_at = timezone.now()
    plan._history_user = actor
    plan.save(update_fields=["status", "submitted_at"])
    notify(
        recipients=_screeners_of(plan.commune_id),
        message=_("Business plan “%(title)s” waits for screening.") % {"title": plan.title},
        link=_plan_link(plan),
    )
    return plan


@transaction.atomic
def plan_appraise(
    *,
    actor,
    plan: BusinessPlan,
    appraised_by: str,
    appraised_on: datetime.date,
    conclusion: str,
    notes: str = "",
) -> BusinessPlan:
    plan = BusinessPlan.objects.select_for_update().get(pk=plan.pk)
    PLANS.check(actor, plan, "appraise")
    if not plan_needs_appraisal(plan):
        raise TransitionError(_("This plan has no state-budget support to appraise."))
    plan.appraised_by = appraised_by
    plan.appraised_on = appraised_on
    plan.appraisal_conclusion = conclusion
    plan.appraisal_notes = notes
    plan._history_user = actor
    plan.save(
        update_fields=["appraised_by", "appraised_on", "appraisal_conclusion", "appraisal_notes"]
    )
    return plan


def _ensure_appraised(plan: BusinessPlan) -> None:
    if plan_needs_appraisal(plan) and plan.appraisal_conclusion != AppraisalConclusion.APPROVED:
        raise TransitionError(
            _(
                "A plan with state-budget support must be appraised and approved before it is "
                "accepted."
            )
        )


@transaction.atomic
def plan_accept(*, actor, plan: BusinessPlan, guidance: str = "") -> BusinessPlan:
    plan = _screen(
        PLANS, actor=actor, record=plan, step="accept", guidance=guidance, ready=_ensure_appraised
    )
    notify(
        recipients=[plan.created_by],
        message=_("Business plan “%(title)s” has been accepted.") % {"title": plan.title},
        link=_plan_link(plan),
    )
    return plan


@transaction.atomic
def plan_return(*, actor, plan: BusinessPlan, guidance: str) -> BusinessPlan:
    if not PLANS.may_act(actor, plan, "return"):
        raise PermissionDenied
    if not guidance.strip():
        raise TransitionError(_("Written guidance is required to return a plan."))
    plan = _screen(PLANS, actor=actor, record=plan, step="return", guidance=guidance.strip())
    notify(
        recipients=[plan.created_by],
        message=_("Business plan “%(title)s” was returned with guidance.") % {"title": plan.title},
        link=_plan_link(plan),
    )
    return plan


# --- Support log and communication campaigns (steps 4 and 1) -------------------------------


@transaction.atomic
def support_record(*, actor, subject, **fields) -> SupportActivity:
    SUPPORT.check(actor, SupportActivity(subject=subject), "create")
    plan = fields.get("plan")
    if plan is not None and plan.subject_id != subject.pk:
        raise TransitionError(_("The business plan belongs to another producer."))
    activity = SupportActivity(subject=subject, created_by=actor, **fields)
    activity.full_clean()
    activity._history_user = actor
    activity.save()
    return activity


@transaction.atomic
def campaign_record(*, actor, unit, **fields) -> CommunicationCampaign:
    CAMPAIGNS.check(actor, CommunicationCampaign(unit=unit), "create")
    campaign = CommunicationCampaign(unit=unit, created_by=actor, **fields)
    campaign.full_clean()
    campaign._history_user = actor
    campaign.save()
    return campaign


# --- Links along the cycle ---------------------------------------------------------------------
# An accepted idea goes on to become a registered producer, an accepted plan a product. Linking
# them lets the idea's page lead to the producer and the plan's page to the product; the change
# is in each record's history like any other.


@transaction.atomic
def idea_link_producer(*, actor, idea: ProductIdea, subject: Subject) -> ProductIdea:
    idea = ProductIdea.objects.select_for_update().get(pk=idea.pk)
    IDEAS.check(actor, idea, "link-producer")
    idea.proposer_subject = subject
    idea._history_user = actor
    idea.save(update_fields=["proposer_subject"])
    return idea


@transaction.atomic
def plan_link_product(*, actor, plan: BusinessPlan, product: Product) -> BusinessPlan:
    plan = BusinessPlan.objects.select_for_update().get(pk=plan.pk)
    PLANS.check(actor, plan, "link-product")
    if product.subject_id != plan.subject_id:
        raise TransitionError(_("The product belongs to another producer than the plan."))
    plan.product = product
    plan._history_user = actor
    plan.save(update_fields=["product"])
    return plan
