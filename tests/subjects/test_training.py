"""Training courses (plan 180's activities 6.x) and their attendance, kept with the producers."""

from reports.models import Activity
from subjects.models import Attendance, TrainingCourse


def test_province_staff_record_a_course_and_its_attendees(client_for, cast, units):
    client = client_for("province_staff")
    response = client.post(
        "/subjects/training/new/",
        {
            "topic": Activity.objects.get(code="6.6").pk,
            "title": "Tập huấn kỹ năng bán hàng",
            "starts_on": "2024-06-03",
            "ends_on": "2024-06-04",
            "organiser": "Chi cục Phát triển nông thôn",
            "unit": units.current("44").pk,
        },
    )
    course = TrainingCourse.objects.get(title="Tập huấn kỹ năng bán hàng")
    assert response.status_code == 302
    assert response["Location"] == f"/subjects/training/{course.pk}/"
    assert course.created_by == cast["province_staff"]
    assert course.history.first().history_user == cast["province_staff"]

    added = client.post(
        f"/subjects/training/{course.pk}/",
        {"person_name": "Nguyễn Văn A", "role": "commune_officer"},
    )
    assert added.status_code == 302
    assert Attendance.objects.get(course=course).person_name == "Nguyễn Văn A"
    page = client.get("/subjects/training/")
    assert "Tập huấn kỹ năng bán hàng" in page.content.decode()


def test_a_leader_reads_courses_but_records_none(client_for, objects):
    client = client_for("leader")
    assert client.get("/subjects/training/").status_code == 200
    assert "/subjects/training/new/" not in client.get("/subjects/training/").content.decode()
    refused = client.post(
        f"/subjects/training/{objects['course']}/",
        {"person_name": "Nguyễn Văn B", "role": "other"},
    )
    assert refused.status_code == 403
    assert not Attendance.objects.filter(person_name="Nguyễn Văn B").exists()


def test_the_old_training_addresses_lead_to_the_new_ones(client_for):
    client = client_for("province_staff")
    assert client.get("/training/")["Location"] == "/subjects/training/"
    assert client.get("/training/7/")["Location"] == "/subjects/training/7/"


def test_the_course_records_stay_in_their_tables():
    assert TrainingCourse._meta.db_table == "reports_trainingcourse"
    assert Attendance._meta.db_table == "reports_attendance"
    assert TrainingCourse.history.model._meta.db_table == "reports_historicaltrainingcourse"
