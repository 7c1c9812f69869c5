"""State changes of producers, craft villages, raw-material areas and training records."""

from django.db import transaction

from subjects.models import Attendance, CraftVillage, RawMaterialArea, Subject, TrainingCourse
from subjects.policies import CRAFT_VILLAGES, RAW_MATERIAL_AREAS, SUBJECTS, TRAINING_COURSES


@transaction.atomic
def subject_create(*, actor, **fields) -> Subject:
    SUBJECTS.check(actor, Subject(commune=fields["commune"]), "create")
    subject = Subject(created_by=actor, **fields)
    subject.full_clean()
    subject._history_user = actor  # history names who acted, also outside requests
    subject.save()
    return subject


@transaction.atomic
def subject_update(*, actor, subject: Subject, **fields) -> Subject:
    SUBJECTS.check(actor, subject, "edit")
    if "commune" in fields:
        # moving a producer needs the right to act in the new commune as well
        SUBJECTS.check(actor, Subject(commune=fields["commune"]), "edit")
    for name, value in fields.items():
        setattr(subject, name, value)
    subject.full_clean()
    subject._history_user = actor
    subject.save(update_fields=list(fields))
    return subject


@transaction.atomic
def craft_village_save(*, actor, village: CraftVillage, subjects) -> CraftVillage:
    CRAFT_VILLAGES.check(actor, village, "edit" if village.pk else "create")
    village.full_clean()
    village._history_user = actor
    village.save()
    village.subjects.set(subjects)
    return village


@transaction.atomic
def raw_material_area_save(*, actor, area: RawMaterialArea, communes, subjects):
    for commune in communes:
        RAW_MATERIAL_AREAS.check(actor, commune, "edit" if area.pk else "create")
    area.full_clean()
    area._history_user = actor
    area.save()
    area.communes.set(communes)
    area.subjects.set(subjects)
    return area


@transaction.atomic
def course_create(*, actor, course: TrainingCourse) -> TrainingCourse:
    """Records a training course held in the actor's area."""
    TRAINING_COURSES.check(actor, course, "create")
    course.created_by = actor
    course._history_user = actor
    course.save()
    return course


@transaction.atomic
def attendance_add(*, actor, course: TrainingCourse, attendance: Attendance) -> Attendance:
    """Adds one attendee to a course of the actor's area."""
    TRAINING_COURSES.check(actor, course, "add-attendance")
    attendance.course = course
    attendance.save()
    return attendance
