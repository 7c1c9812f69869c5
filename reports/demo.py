"""Demo status of the plan's activities and a few training courses with attendance."""

import datetime

from accounts.models import AdministrativeUnit, User
from reports.models import Activity, ActivityStatus
from subjects.models import Attendance, Subject, TrainingCourse


def seed_plan() -> dict[str, int]:
    if ActivityStatus.objects.exists():
        return {"statuses_created": 0}
    staff = User.objects.get(username="tinh.ocop")
    done_every_year = ["5.1", "5.2", "5.3", "5.5", "10.1"]
    for activity in Activity.objects.all():
        for year in (2022, 2023, 2024, 2025):
            if activity.code in done_every_year or (activity.code == "1" and year == 2022):
                status, evidence = "done", "Báo cáo kết quả năm của Chi cục PTNT"
            elif activity.code in ("7.2", "7.3") and year >= 2023:
                status, evidence = ("done" if year == 2025 else "in_progress"), ""
            elif activity.code == "8.3" and year == 2023:
                status, evidence = "late", ""
            else:
                continue
            record = ActivityStatus(activity=activity, year=year, status=status, evidence=evidence)
            record._history_user = staff
            record.save()
    province = AdministrativeUnit.objects.get(code="44", valid_to__isnull=True, level="province")
    course = TrainingCourse.objects.create(
        topic=Activity.objects.get(code="6.6"),
        title="Tập huấn nghiệp vụ OCOP cho cán bộ cấp xã",
        starts_on=datetime.date(2026, 4, 14),
        ends_on=datetime.date(2026, 4, 15),
        organiser="Chi cục Phát triển nông thôn",
        unit=province,
        created_by=staff,
    )
    for username in ("xa.khesanh", "xa.camlo", "hoidong.tv1"):
        user = User.objects.get(username=username)
        Attendance.objects.create(
            course=course,
            person_name=user.full_name,
            role="commune_officer" if username.startswith("xa.") else "council_member",
            user=user,
        )
    leaders = TrainingCourse.objects.create(
        topic=Activity.objects.get(code="6.5"),
        title="Kỹ năng bán hàng trên sàn thương mại điện tử",
        starts_on=datetime.date(2025, 8, 20),
        ends_on=datetime.date(2025, 8, 21),
        organiser="Sở Công Thương",
        unit=province,
        created_by=staff,
    )
    for number in ("3200512345", "3200623456", "3200734567"):
        subject = Subject.objects.get(registration_number=number)
        Attendance.objects.create(
            course=leaders,
            person_name=subject.representative_name,
            role="subject_leader",
            subject=subject,
        )
    return {"statuses_created": ActivityStatus.objects.count()}
