"""What each role's home page counts. Everything is read through the scope choke-point."""

from django.db.models import Count

from accounts.models import Role
from accounts.selectors import area_summary, staff_visible_to
from evaluation.selectors import seats_held_by


def home_summary(user) -> dict:
    staff = staff_visible_to(user)
    by_role = dict(staff.order_by().values_list("role").annotate(n=Count("pk")))
    staff_counts = [(label, by_role.get(value, 0)) for value, label in Role.choices]
    return {
        "area": area_summary(user),
        "staff_counts": [row for row in staff_counts if row[1]],
        "staff_total": sum(by_role.values()),
        "seats": list(seats_held_by(user)),
    }
