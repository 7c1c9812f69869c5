from django.db.models import Count, QuerySet

from accounts.scope import filter_by_unit, get_in_scope_or_404
from subjects.models import (
    Attendance,
    CraftVillage,
    RawMaterialArea,
    Subject,
    SubjectStatus,
    TrainingCourse,
)


def subject_list(user) -> QuerySet[Subject]:
    return filter_by_unit(Subject.objects.all(), user, "commune", "legacy_commune").select_related(
        "commune", "legacy_commune__parent"
    )


def subject_get(user, pk) -> Subject:
    return get_in_scope_or_404(subject_list(user), pk=pk)


def subject_by_registration_number(user, number: str) -> Subject | None:
    return subject_list(user).filter(registration_number=number).first()


def craft_village_list(user) -> QuerySet[CraftVillage]:
    return (
        filter_by_unit(CraftVillage.objects.all(), user, "commune")
        .select_related("commune")
        .annotate(subject_count=Count("subjects", distinct=True))
        .order_by("name")  # Meta.ordering does not apply to aggregated queries
    )


def craft_village_get(user, pk) -> CraftVillage:
    return get_in_scope_or_404(craft_village_list(user), pk=pk)


def raw_material_area_list(user) -> QuerySet[RawMaterialArea]:
    visible = filter_by_unit(RawMaterialArea.objects.all(), user, "communes")
    # The M2M join repeats an area once per visible commune: keep one row each.
    return RawMaterialArea.objects.filter(pk__in=visible.values("pk")).prefetch_related("communes")


def raw_material_area_get(user, pk) -> RawMaterialArea:
    return get_in_scope_or_404(raw_material_area_list(user), pk=pk)


def subjects_for_choice(user) -> QuerySet[Subject]:
    """Active producers in scope, light enough for a select box."""
    return (
        subject_list(user)
        .filter(status=SubjectStatus.ACTIVE)
        .select_related(None)
        .only("pk", "name", "legal_form")
        .order_by("name")
    )


def courses_visible_to(user) -> QuerySet[TrainingCourse]:
    """Training courses held in the person's area, with their number of attendees."""
    return (
        filter_by_unit(TrainingCourse.objects.all(), user, "unit")
        .select_related("topic", "unit")
        .annotate(attendees=Count("attendance"))
    )


def course_attendance(course: TrainingCourse) -> QuerySet[Attendance]:
    return course.attendance.select_related("user", "subject")
