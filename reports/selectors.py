"""What each role's home page and inbox show. Everything is read through the scope choke-point."""

from django.db.models import Count
from django.utils import timezone

from accounts.models import Role
from accounts.roles import AREA_STAFF
from accounts.selectors import area_summary, staff_visible_to
from evaluation.selectors import (
    certificate_list,
    certificates_expiring,
    dossiers_to_score,
    inspections_awaiting_follow_up,
    pre_assessments_due,
    seats_held_by,
)
from products.selectors import (
    idea_list,
    ideas_waiting_for,
    plan_list,
    plans_waiting_for,
    product_list,
)
from subjects.selectors import subject_list


def _with_days_left(certificates) -> list:
    today = timezone.localdate()
    rows = list(certificates)
    for certificate in rows:
        certificate.days_left = (certificate.expires_on - today).days
    return rows


def home_summary(user) -> dict:
    staff = staff_visible_to(user)
    expiring = certificates_expiring(user) if user.role in AREA_STAFF else None
    by_role = dict(staff.order_by().values_list("role").annotate(n=Count("pk")))
    staff_counts = [(label, by_role.get(value, 0)) for value, label in Role.choices]
    return {
        "area": area_summary(user),
        "staff_counts": [row for row in staff_counts if row[1]],
        "staff_total": sum(by_role.values()),
        "seats": list(seats_held_by(user)),
        "registry": {
            "subjects": subject_list(user).count(),
            "products": product_list(user).count(),
            "ideas": idea_list(user).count(),
            "plans": plan_list(user).count(),
            "certificates": certificate_list(user).count(),
        },
        "expiring": _with_days_left(expiring[:10]) if expiring is not None else None,
        "expiring_count": expiring.count() if expiring is not None else 0,
        "waiting": ideas_waiting_for(user).count()
        + plans_waiting_for(user).count()
        + dossiers_to_score(user).count()
        + inspections_awaiting_follow_up(user).count()
        + pre_assessments_due(user).count(),
    }


def inbox(user) -> dict:
    return {
        "ideas": ideas_waiting_for(user)[:100],
        "plans": plans_waiting_for(user)[:100],
        "dossiers": dossiers_to_score(user)[:100],
        "inspections": inspections_awaiting_follow_up(user)[:100],
        "pre_assessments": pre_assessments_due(user)[:100],
        "today": timezone.localdate(),
        "notifications": user.notifications.all()[:50],
    }


def report_jobs_visible_to(user):
    """Reports on units in the user's area; leaders and province staff see the monthly ones."""
    from accounts.scope import scope_for
    from reports.models import ReportJob

    scope = scope_for(user)
    return ReportJob.objects.filter(unit__any_of=scope.unit_ids).select_related(
        "unit", "requested_by"
    )
