"""The producer's own records, read through the scope choke-point (`filter_by_subject`)."""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import filter_by_subject, get_in_scope_or_404, scope_for, units_covering
from evaluation.models import (
    Certificate,
    CertificateStatus,
    Dossier,
    DossierStatus,
    Evidence,
    Round,
    RoundStatus,
)
from evaluation.policies import ROUND
from evaluation.rules import renewal_terms
from evaluation.services import check_renewal_window
from ocop_portal.exceptions import TransitionError
from products.models import Product, ProductIdea
from subjects.models import Subject


def own_subject(user):
    return get_in_scope_or_404(
        filter_by_subject(Subject.objects.all(), user, "pk"), pk=scope_for(user).subject_id
    )


def own_products(user) -> QuerySet:
    return filter_by_subject(Product.objects.select_related("product_set"), user).order_by("name")


def own_ideas(user) -> QuerySet:
    return filter_by_subject(
        ProductIdea.objects.select_related("product_set"), user, "proposer_subject"
    ).order_by("-created_at")


def own_idea(user, pk):
    return get_in_scope_or_404(own_ideas(user), pk=pk)


def own_dossiers(user) -> QuerySet:
    return filter_by_subject(
        Dossier.objects.select_related("round", "product", "product__product_set"),
        user,
        "product__subject",
    ).order_by("-created_at")


def own_dossier(user, pk):
    return get_in_scope_or_404(own_dossiers(user), pk=pk)


def own_evidence(user, pk):
    return get_in_scope_or_404(
        filter_by_subject(Evidence.objects.all(), user, "dossier__product__subject"), pk=pk
    )


def own_certificates(user) -> QuerySet:
    return filter_by_subject(
        Certificate.objects.select_related("product"), user, "product__subject"
    ).order_by("-issued_on")


def open_rounds(user) -> QuerySet:
    """Rounds open for registration whose area takes this producer's commune: the rounds of
    which the rulebook's "register_own_dossier" step is allowed, as a query."""
    subject = own_subject(user)
    return (
        Round.objects.filter(
            status__in=ROUND.step("register_own_dossier").sources,
            unit_id__in=units_covering(subject.commune_id),
        )
        .select_related("unit", "criteria_version")
        .order_by("dossier_deadline")
    )


def open_round(user, pk):
    return get_in_scope_or_404(open_rounds(user), pk=pk)


def dossier_steps(dossier) -> list[dict]:
    """The steps a dossier goes through, each with its date once reached (for the producer)."""
    result = getattr(dossier, "result", None)
    certificate = dossier.certificates.order_by("-issued_on").first() if result else None
    decision = certificate.decision_date if certificate else None
    scoring_started = dossier.round.status in (
        RoundStatus.SCORING,
        RoundStatus.CLOSED,
        RoundStatus.PUBLISHED,
    )
    return [
        {"name": _("Registered (Mẫu 01)"), "done": True, "date": dossier.created_at},
        {
            "name": _("Self-assessment (Mẫu 02)"),
            "done": dossier.self_score is not None,
            "date": None,
        },
        {
            "name": _("Intake check"),
            "done": dossier.intake_done,
            "date": None,
            "warning": dossier.status == DossierStatus.MORE_DOCUMENTS,
        },
        {
            "name": _("Commune pre-assessment (Mẫu 03)"),
            "done": dossier.pre_assessed_on is not None,
            "date": dossier.pre_assessed_on,
            "skip": not dossier.round.procedure_rules.commune_step,
        },
        {
            "name": _("Council scoring"),
            "done": scoring_started,
            "date": dossier.round.scoring_opens if scoring_started else None,
        },
        {
            "name": _("Council result"),
            "done": result is not None,
            "date": result.computed_at if result else None,
        },
        {"name": _("Recognition decision"), "done": decision is not None, "date": decision},
    ]


def certificates_with_renewal(user) -> list:
    """The producer's certificates, each marked when its re-evaluation may be filed today
    (inside the re-evaluation window of the rules in force: `evaluation.rules.renewal_terms`)."""
    today = timezone.localdate()
    certificates = list(own_certificates(user))
    for certificate in certificates:
        # in force and inside the reminder window: shown in the "expiring soon" panel
        certificate.days_left = (certificate.expires_on - today).days
        certificate.expiring = certificate.status_on(today) == CertificateStatus.EXPIRING
        certificate.window_days = renewal_terms(today).opens_days
        try:
            check_renewal_window(certificate.product, today)
        except TransitionError:
            certificate.can_renew = False
        else:
            certificate.can_renew = certificate.expires_on >= today
    return certificates
