import datetime
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from evaluation import register_import
from evaluation.models import Certificate, CertificateStatus, ImportJob, ImportPhase, ImportStatus
from ocop_portal.storage import private_storage
from products.models import Product
from subjects.models import Subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(cast):
    return cast["province_staff"]


GOOD = [
    # the same number 19429 read in the old list (Thị trấn Khe Sanh) and the new (Xã Khe Sanh)
    [
        "Cà phê bột Khe Sanh",
        "I.6",
        "HTX Nông sản Khe Sanh",
        "HTX",
        "3200-512-345",
        "19429",
        4,
        "78,5",
        "1620/QĐ-UBND",
        "20/12/2021",
        "tỉnh",
        "lần đầu",
        "",
    ],
    [
        "Cà phê bột Khe Sanh",
        "I.6",
        "HTX Nông sản Khe Sanh",
        "HTX",
        "3200512345",
        "19429",
        5,
        "91.2",
        "125/QĐ-BNN-KTHT",
        "15/01/2025",
        "trung ương",
        "nâng hạng",
        "",
    ],
    [
        "Hạt tiêu Cùa",
        "I.4.b",
        "HTX Tiêu Cùa",
        "HTX",
        "3200734567",
        "19621",
        4,
        "",
        "1550/QĐ-UBND",
        "10/08/2020",
        "tỉnh",
        "lần đầu",
        "10/08/2023",
    ],
    [
        "Bột sắn dây Hiếu Giang",
        "I.3.b",
        "HTX Hiếu Giang",
        "HTX",
        "3202512345",
        "19603",
        3,
        "62",
        "1980/QĐ-UBND",
        "20/10/2025",
        "tỉnh",
        "lần đầu",
        "",
    ],
]


def workbook(rows, headers=register_import.HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_template_has_exactly_the_register_headers(client_for):
    response = client_for("province_staff").get("/evaluation/register/import/template.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == register_import.HEADERS


def test_a_good_file_imports_products_with_their_recognition_history(units, officer):
    register = register_import.preview(workbook(GOOD))
    assert register.ok and register.new_count == 4
    counts = register_import.commit(register, actor=officer)
    assert counts["subjects_created"] == 3 and counts["products_created"] == 3
    coffee = Product.objects.get(name="Cà phê bột Khe Sanh")
    subject = coffee.subject
    assert subject.registration_number == "3200512345"
    assert subject.commune == units.current("19429")  # Xã Khe Sanh
    assert subject.legacy_commune == units.legacy("19429")  # Thị trấn Khe Sanh
    assert coffee.code == "44-19429-001-2021"
    assert coffee.legacy_code == "45-465-19429-001-2021"
    first, upgrade = coffee.certificates.order_by("decision_date")
    assert (first.stars, str(first.score), upgrade.stars) == (4, "78.50", 5)
    assert first.expires_on.isoformat() == "2024-12-20"  # 36 months
    assert first.superseded_on == upgrade.decision_date
    assert upgrade.level == "central" and upgrade.evaluation_type == "upgrade"
    pepper = Certificate.objects.get(decision_number="1550/QĐ-UBND")
    assert pepper.expires_on.isoformat() == "2023-08-10"
    assert pepper.status_on(pepper.expires_on.replace(year=2024)) == CertificateStatus.EXPIRED
    new_commune = Subject.objects.get(registration_number="3202512345")
    assert new_commune.commune == units.current("19603") and new_commune.legacy_commune is None


def test_bad_rows_are_reported_in_vietnamese_and_nothing_is_written(units, officer):
    bad = [
        [
            "Sản phẩm A",
            "X.9",
            "Chủ thể A",
            "Công ty",
            "abc!",
            "99999",
            6,
            "120",
            "1/QĐ",
            "31/02/2023",
            "xã",
            "mới",
            "",
        ],
        [
            "Sản phẩm B",
            "I.6",
            "Hội B",
            "Hội",
            "3209999999",
            "19429",
            3,
            "",
            "2/QĐ",
            "10/10/2025",
            "huyện",
            "lần đầu",
            "",
        ],
        [
            "",
            "I.6",
            "Chủ thể C",
            "HTX",
            "3208888888",
            "19429",
            3,
            "",
            "3/QĐ",
            "10/10/2023",
            "tỉnh",
            "lần đầu",
            "",
        ],
        *GOOD,
    ]
    register = register_import.preview(workbook(bad))
    assert not register.ok
    errors = {row.number: row.errors for row in register.errors}
    assert set(errors) == {2, 3, 4}
    joined = " ".join(errors[2])
    for expected in (
        "Mã bộ sản phẩm",
        "HTX, THT, DN",
        "3, 4 hoặc 5",
        "từ 0 đến 100",
        "dd/mm/yyyy",
        "huyện, tỉnh hoặc Trung ương",
        "lần đầu, nâng hạng",
    ):
        assert expected in joined, expected
    assert "không còn công nhận sản phẩm từ ngày 01/7/2025" in " ".join(errors[3])
    assert "chỉ được có sản phẩm du lịch" in " ".join(errors[3])
    assert "“Tên sản phẩm” đang trống" in " ".join(errors[4])
    with pytest.raises(ValueError):
        register_import.commit(register, actor=officer)
    assert not Product.objects.exists() and not Certificate.objects.exists()


def test_a_commune_code_is_read_in_the_list_valid_on_the_recognition_date(units):
    # 19742 exists only in the new list (Đặc khu Cồn Cỏ); 19330 only in the old (Phường Đông Giang)
    rows = [
        [
            "P1",
            "VI.1",
            "Hội Du lịch",
            "Hội",
            "3207777777",
            "19742",
            3,
            "",
            "9/QĐ",
            "10/10/2024",
            "tỉnh",
            "lần đầu",
            "",
        ],
        [
            "P2",
            "I.6",
            "HTX X",
            "HTX",
            "3207777778",
            "19330",
            3,
            "",
            "9/QĐ",
            "10/10/2025",
            "tỉnh",
            "lần đầu",
            "",
        ],
    ]
    register = register_import.preview(workbook(rows))
    assert "trước ngày 01/7/2025" in register.rows[0].errors[0]
    assert "từ ngày 01/7/2025" in register.rows[1].errors[0]


def test_reimporting_the_same_file_changes_nothing(units, officer):
    register_import.commit(register_import.preview(workbook(GOOD)), actor=officer)
    before = (Subject.objects.count(), Product.objects.count(), Certificate.objects.count())
    again = register_import.preview(workbook(GOOD))
    assert again.ok and again.new_count == 0 and again.unchanged_count == 4
    assert register_import.commit(again, actor=officer)["certificates_created"] == 0
    assert (Subject.objects.count(), Product.objects.count(), Certificate.objects.count()) == before


def test_a_file_with_wrong_headers_is_refused_as_a_whole(units):
    with pytest.raises(register_import.RegisterFileError, match="Hàng đầu tiên"):
        register_import.preview(workbook(GOOD, headers=["Tên", "Mã"]))
    with pytest.raises(register_import.RegisterFileError):
        register_import.preview(io.BytesIO(b"not a workbook"))


def register_rows(count: int) -> list[list]:
    """`count` valid rows: one product each, of count / 4 producers in six communes."""
    communes = ["19429", "19621", "19612", "19672", "19498", "19414"]
    producers = max(count // 4, 1)
    return [
        [
            f"Sản phẩm {n}",
            "I.6",
            f"HTX số {n % producers}",
            "HTX",
            f"33{n % producers:08d}",
            communes[n % producers % len(communes)],
            3 + n % 3,
            "",
            f"{n}/QĐ-UBND",
            f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2019 + n % 6}",
            "tỉnh",
            "lần đầu",
            "",
        ]
        for n in range(count)
    ]


def test_a_large_register_is_written_row_by_row_through_the_services(
    units, officer, django_assert_max_num_queries
):
    """Each row goes through the producers', products' and certificates' services (their
    checks, their numbering lock, their history), at a bounded cost per row."""
    register = register_import.preview(workbook(register_rows(250)))
    assert register.ok, register.errors[:3]
    seen = []
    with django_assert_max_num_queries(250 * 29):
        counts = register_import.commit(register, actor=officer, progress=seen.append)
    assert counts["certificates_created"] == 250 and counts["subjects_created"] == 62
    assert counts["failures"] == [] and seen == [50, 100, 150, 200, 250]
    assert Certificate.history.filter(history_user=officer).count() == 250
    assert len(set(Product.objects.values_list("code", flat=True))) == 250


def test_the_command_line_import_with_dry_run(units, officer, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    path.write_bytes(workbook(GOOD).getvalue())
    call_command("import_register", str(path), "--dry-run")
    assert not Certificate.objects.exists()
    with pytest.raises(CommandError, match="--user"):
        call_command("import_register", str(path))
    call_command("import_register", str(path), "--user", officer.username)
    assert Certificate.objects.count() == 4
    assert "4 dòng mới" in capsys.readouterr().out


def test_the_import_page_checks_then_imports_a_small_file_at_once(client_for, settings):
    settings.REGISTER_IMPORT_INLINE_ROWS = 300  # four rows: checked within the request
    client = client_for("province_staff")
    checked = client.post("/evaluation/register/import/", {"file": workbook(GOOD)}, follow=True)
    job = checked.context["job"]
    assert job.status == ImportStatus.DONE and job.phase == ImportPhase.CHECK
    assert (job.total_rows, job.new_rows) == (4, 4)
    assert "4 lượt công nhận mới".encode() in checked.content
    assert not Certificate.objects.exists()  # checking writes nothing
    assert job.file and private_storage().exists(job.file.name)
    done = client.post(f"/evaluation/register/import/{job.pk}/apply/", follow=True)
    assert Certificate.objects.count() == 4
    assert "Đã nhập: 4 lượt công nhận".encode() in done.content
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.processed_rows == job.total_rows == 4
    assert job.counts["certificates_created"] == 4 and job.counts["certificates_superseded"] == 1
    assert not job.file  # the uploaded file is not kept once imported
    # the importer's list shows the job; a second confirmation imports nothing twice
    assert job.file_name.encode() in client.get("/evaluation/register/import/").content
    client.post(f"/evaluation/register/import/{job.pk}/apply/")
    assert Certificate.objects.count() == 4


def test_a_large_file_goes_to_a_worker_with_a_progress_bar(client_for, settings):
    """Above the threshold the request only records the job; the worker (eager here) checks
    it, and the page polls until the result is there."""
    settings.REGISTER_IMPORT_INLINE_ROWS = 2
    client = client_for("province_staff")
    upload = client.post("/evaluation/register/import/", {"file": workbook(GOOD)})
    job = ImportJob.objects.get()
    assert upload["Location"] == f"/evaluation/register/import/{job.pk}/"
    assert job.status == ImportStatus.DONE and job.attempts == 1  # run once, by the worker
    job.refresh_from_db()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, total_rows=400, processed_rows=100, started_at=timezone.now()
    )
    running = client.get(upload["Location"], headers={"HX-Request": "true"})
    page = running.content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page and "100 / 400" in page
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, processed_rows=400)
    finished = client.get(upload["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in finished and f"/{job.pk}/apply/" in finished


def test_a_job_whose_worker_died_is_shown_as_failed_and_can_run_again(client_for, settings):
    settings.REGISTER_IMPORT_INLINE_ROWS = 300
    client = client_for("province_staff")
    client.post("/evaluation/register/import/", {"file": workbook(GOOD)})
    job = ImportJob.objects.get()
    client.post(f"/evaluation/register/import/{job.pk}/apply/")
    Certificate.objects.filter(decision_number="1980/QĐ-UBND").delete()  # half-way, say
    kept = private_storage().save("register-imports/again.xlsx", workbook(GOOD))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING,
        file=kept,
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )
    page = client.get(f"/evaluation/register/import/{job.pk}/")
    assert "worker" in page.content.decode() or "dừng" in page.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    client.post(f"/evaluation/register/import/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.counts["certificates_created"] == 1
    assert job.counts["rows_unchanged"] == 3 and Certificate.objects.count() == 4


def test_only_province_staff_import_and_see_the_jobs(client_for, cast):
    client_for("province_staff").post("/evaluation/register/import/", {"file": workbook(GOOD)})
    job = ImportJob.objects.get()
    assert job.created_by == cast["province_staff"]
    for actor in ("district_a", "commune_a", "leader"):
        assert client_for(actor).get(f"/evaluation/register/import/{job.pk}/").status_code == 403
        response = client_for(actor).post(f"/evaluation/register/import/{job.pk}/apply/")
        assert response.status_code == 403
    assert not Certificate.objects.exists()


def test_the_sweep_fails_stalled_jobs_and_removes_files_after_a_day(cast, units, settings):
    from evaluation.tasks import sweep_register_imports

    storage = private_storage()
    old_preview = storage.save("register-imports/loose-preview.xlsx", ContentFile(b"PK"))
    jobs = []
    for _ in range(3):
        job = register_import.job_create(
            actor=cast["province_staff"], upload=ContentFile(workbook(GOOD).getvalue())
        )
        jobs.append(job)
    stalled, checked_long_ago, fresh = jobs
    ImportJob.objects.filter(pk=stalled.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    ImportJob.objects.filter(pk=checked_long_ago.pk).update(
        status=ImportStatus.DONE, created_at=timezone.now() - datetime.timedelta(days=2)
    )
    day_ago = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(storage.path(old_preview), (day_ago, day_ago))
    result = sweep_register_imports()
    assert result == {"stalled": 1, "resent": 0, "files_removed": 2}
    stalled.refresh_from_db()
    assert stalled.status == ImportStatus.FAILED and "run it again" not in stalled.failure
    assert "chạy lại" in stalled.failure
    checked_long_ago.refresh_from_db()
    assert not checked_long_ago.file and not storage.exists(old_preview)
    fresh.refresh_from_db()
    assert fresh.file and storage.exists(fresh.file.name)


def test_the_import_page_refuses_a_file_that_is_not_a_workbook(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("so-ocop.xlsx", b"<html>not excel</html>")
    response = client_for("province_staff").post("/evaluation/register/import/", {"file": fake})
    assert "không phải là tệp Excel".encode() in response.content


def test_an_older_recognition_imported_later_takes_its_place_in_the_chain(units, officer):
    """The register may arrive in several files, in any order: the certificate service puts an
    older recognition before the later one already recorded."""
    upgrade, first = GOOD[1], GOOD[0]
    register_import.commit(register_import.preview(workbook([upgrade])), actor=officer)
    counts = register_import.commit(register_import.preview(workbook([first])), actor=officer)
    assert counts["certificates_created"] == 1 and counts["products_created"] == 0
    coffee = Product.objects.get(name="Cà phê bột Khe Sanh")
    older, newer = coffee.certificates.order_by("decision_date")
    assert older.superseded_on == newer.decision_date and newer.superseded_on is None
    assert {older.source, newer.source} == {"imported"}


def test_the_certificate_service_keeps_its_checks_for_the_register(units, officer):
    import datetime as dt

    from evaluation.services import certificate_issue
    from ocop_portal.exceptions import TransitionError

    register_import.commit(register_import.preview(workbook([GOOD[0]])), actor=officer)
    product = Product.objects.get()
    common = {
        "actor": officer,
        "product": product,
        "level": "province",
        "evaluation_type": "first",
        "historical": True,
    }
    day = dt.date(2022, 5, 1)
    with pytest.raises(TransitionError):
        certificate_issue(
            stars=2,
            decision_number="X",
            decision_date=day,
            expires_on=dt.date(2025, 5, 1),
            **common,
        )
    with pytest.raises(TransitionError):
        certificate_issue(stars=3, decision_number="X", decision_date=day, expires_on=day, **common)
    with pytest.raises(TransitionError):  # the same decision for the same product, twice
        certificate_issue(
            stars=4,
            decision_number="1620/QĐ-UBND",
            decision_date=day,
            expires_on=dt.date(2025, 5, 1),
            **common,
        )
    assert Certificate.objects.count() == 1


def test_a_job_recorded_while_redis_was_down_is_sent_again(cast, units):
    from evaluation.tasks import sweep_register_imports

    job = register_import.job_create(
        actor=cast["province_staff"], upload=ContentFile(workbook(GOOD).getvalue())
    )
    assert sweep_register_imports()["resent"] == 0  # just recorded: its message is on its way
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    assert sweep_register_imports()["resent"] == 1  # the worker (eager here) checks it
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.new_rows == 4


def test_imports_run_on_the_default_queue_and_the_sweep_on_maintenance(settings):
    routes = settings.CELERY_TASK_ROUTES
    assert routes["evaluation.tasks.run_register_import"] == {"queue": "default"}
    assert "evaluation.tasks.sweep_register_imports" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    from ocop_portal.celery import app

    router = app.amqp.router
    assert router.route({}, "evaluation.tasks.run_register_import")["queue"].name == "default"
    assert router.route({}, "evaluation.tasks.sweep_register_imports")["queue"].name == (
        "maintenance"
    )
