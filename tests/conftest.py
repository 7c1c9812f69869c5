"""The cast every test can use: one actor per role, in units across two old districts.

Reference units are loaded into the test database once and re-loaded after a transactional
test has flushed it (the loader is idempotent and cheap when nothing is missing).
"""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from ocop_portal.celery import app as celery_app

CURRENT = datetime.date(2025, 7, 1)
PASSWORD = "a-Strong-test-pass-2026"


def _load_reference_data():
    from accounts.reference import load_admin_units
    from evaluation.criteria_loader import load_criteria, load_procedure_rules, load_public_holidays
    from products.reference import load_classification

    load_admin_units()
    load_classification()
    load_criteria()
    load_procedure_rules()
    load_public_holidays()
    from reports.reference import load_activities, load_targets

    load_targets()
    load_activities()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference units once per session, outside the per-test transactions."""
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and private files of tests never land in the developer's var/."""
    root = tmp_path_factory.getbasetemp() / "files"
    settings.MEDIA_ROOT = root / "media"
    settings.PRIVATE_FILES_ROOT = root / "private"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached public pages, areas and indicators of an
    earlier test (whose rows were rolled back) must not answer for this one."""
    from django.core.cache import cache

    cache.clear()


class Units:
    """The reference units by code: as they are now, or as they were before the 2025
    reorganisation."""

    @staticmethod
    def current(code):
        from accounts.models import AdministrativeUnit

        return AdministrativeUnit.objects.get(code=code, valid_from=CURRENT)

    @staticmethod
    def legacy(code):
        from accounts.models import AdministrativeUnit

        return AdministrativeUnit.objects.get(code=code, valid_from__isnull=True)


def _ensure_reference_data():
    from accounts.models import AdministrativeUnit

    if not AdministrativeUnit.objects.filter(code="44", valid_from=CURRENT).exists():
        _load_reference_data()  # a committing test flushed the database


@pytest.fixture
def units(db):
    _ensure_reference_data()
    return Units


def _make_user(username, role, unit, **extra):
    from accounts.services import user_create

    return user_create(
        username=username,
        full_name=extra.pop("full_name", username.replace(".", " ").title()),
        role=role,
        unit=unit,
        password=PASSWORD,
        **extra,
    )


@pytest.fixture
def cast(units, request):
    """Actors keyed by name; the district/commune pairs sit in different old districts."""
    if "shared_world" in request.fixturenames:
        return request.getfixturevalue("shared_world").users("cast")
    return build_cast(units)


def build_cast(units):
    from accounts.models import Role
    from evaluation.models import Council, CouncilKind, CouncilLevel, CouncilSeat, SeatPosition

    province = units.current("44")
    actors = {
        "province_staff": _make_user("t.province", Role.PROVINCE_STAFF, province),
        # Hướng Hóa (465) and Cam Lộ (468); Khe Sanh (19429) and Cam Lộ (19597) were formed
        # from communes of those two districts respectively.
        "district_a": _make_user("t.district.a", Role.DISTRICT_STAFF, units.legacy("465")),
        "district_b": _make_user("t.district.b", Role.DISTRICT_STAFF, units.legacy("468")),
        "commune_a": _make_user("t.commune.a", Role.COMMUNE_OFFICER, units.current("19429")),
        "commune_b": _make_user("t.commune.b", Role.COMMUNE_OFFICER, units.current("19597")),
        "leader": _make_user("t.leader", Role.LEADER, province),
        "council_member": _make_user("t.council", Role.COUNCIL_MEMBER, None),
        "sysadmin": _make_user("t.admin", Role.SYSTEM_ADMIN, None),
    }
    council = Council.objects.create(
        name="Hội đồng OCOP tỉnh (thử)",
        kind=CouncilKind.COUNCIL,
        level=CouncilLevel.PROVINCE,
        unit=province,
        term_start=CURRENT,
    )
    CouncilSeat.objects.create(
        council=council,
        user=actors["council_member"],
        position=SeatPosition.MEMBER,
        term_start=CURRENT,
    )
    return actors


ACTORS = [
    "anonymous",
    "province_staff",
    "district_a",
    "district_b",
    "commune_a",
    "commune_b",
    "leader",
    "council_member",
    "sysadmin",
    # two producers' accounts of the same commune (Khe Sanh), to catch leaks between them
    "producer_a",
    "producer_b",
]
PRODUCERS = ("producer_a", "producer_b")


@pytest.fixture
def producer_cast(cast, units, request):
    """producer_a is the account of the producer that owns the records of `objects`;
    producer_b that of another producer of the same commune."""
    if "shared_world" in request.fixturenames:
        return request.getfixturevalue("shared_world").users("producer_cast")
    return build_producer_cast(units)


def build_producer_cast(units):
    from accounts.models import Role
    from tests import factories

    khe_sanh = units.current("19429")
    accounts = {}
    for actor, name in (("producer_a", "HTX Chủ thể A"), ("producer_b", "HTX Chủ thể B")):
        accounts[actor] = _make_user(
            f"t.{actor}",
            Role.PRODUCER,
            None,
            subject=factories.subject(khe_sanh, name=name),
            email=f"{actor}@example.vn",
        )
    return accounts


@pytest.fixture
def client_for(cast, request):
    def make(actor: str) -> Client:
        client = Client()
        if actor in PRODUCERS:
            user = request.getfixturevalue("producer_cast")[actor]
        elif actor != "anonymous":
            user = cast[actor]
        else:
            return client
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )


def pytest_collection_modifyitems(items):
    """Run tests that commit (browser, real worker) last, as Django's own runner does.

    They end by flushing the database, which removes the reference units the other tests
    share; those then only need reloading for the committing tests themselves.
    """
    items.sort(key=_is_transactional)
    for item in items:
        if "shared_world" in getattr(item, "fixturenames", ()) and _is_transactional(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a committing test cannot run inside the module's shared "
                "records (conftest.shared_world); move it to another module"
            )


# --- A real Celery worker on the real Redis broker --------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def start_celery_worker(queue: str, settings, log_path: Path) -> subprocess.Popen:
    """A real Celery worker process on `queue`, against the test database."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "OCOP_ENV": "test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{connection.settings_dict['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        # the worker writes report files where the test reads them
        "PRIVATE_FILES_ROOT": str(settings.PRIVATE_FILES_ROOT),
    }
    # the child keeps its own copy of the file descriptor
    with log_path.open("a") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ocop_portal",
                "worker",
                "--pool=solo",
                "--queues",
                queue,
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop_celery_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.fixture
def celery_queue(transactional_db):
    """A queue of its own, sent to through the broker (no worker: the test starts its own)."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    # The test profile runs tasks in-process; these tests need them to go through the broker,
    # on a queue of their own.
    celery_app.conf.task_always_eager = False
    routes, celery_app.conf.task_routes = celery_app.conf.task_routes, {"*": {"queue": queue}}
    default_queue, celery_app.conf.task_default_queue = celery_app.conf.task_default_queue, queue
    _reset_router()
    yield queue
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_default_queue = default_queue
    celery_app.conf.task_routes = routes
    _reset_router()


@pytest.fixture
def celery_worker_queue(celery_queue, tmp_path, settings):
    worker = start_celery_worker(celery_queue, settings, tmp_path / "worker.log")
    yield celery_queue
    stop_celery_worker(worker)
    print((tmp_path / "worker.log").read_text())  # shown by pytest when the test fails


def _reset_router():
    """Celery keeps its router (built from task_routes) once made: rebuild it after a change."""
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)


# --- One record of every kind, in Xã Khe Sanh: for the permission matrix and security tests --


@pytest.fixture
def objects(cast, units, producer_cast, request):
    """One record of every kind (their primary keys), owned by producer_a in Xã Khe Sanh."""
    if "shared_world" in request.fixturenames:
        return request.getfixturevalue("shared_world").objects
    return build_objects(cast, units, producer_cast)


def build_objects(cast, units, producer_cast):
    from products import services
    from products.models import ProductSet
    from promotion.services import page_revision_submit
    from subjects.models import CraftVillage, RawMaterialArea
    from tests import factories

    khe_sanh = units.current("19429")
    officer, screener = cast["commune_a"], cast["district_a"]
    # the records belong to producer_a's producer; producer_b's, of the same commune, has none
    subject = producer_cast["producer_a"].subject
    accepted = services.idea_accept(
        actor=screener, idea=factories.idea(officer, khe_sanh, submit=True, name="Ý tưởng A")
    )
    plan = services.plan_submit(
        actor=officer, plan=factories.plan(officer, accepted, subject, budget=50_000_000)
    )
    village = CraftVillage(
        name="Làng nghề thử", commune=khe_sanh, recognised_on=datetime.date(2010, 1, 1)
    )
    village.save()
    area = RawMaterialArea(name="Vùng thử", hectares=10)
    area.save()
    area.communes.set([khe_sanh])
    evaluation = _evaluation_objects(cast, units, subject)
    return {
        **evaluation,
        "khe_sanh": khe_sanh.pk,
        "province": units.current("44").pk,
        "subject": subject.pk,
        "person": producer_cast["producer_a"].pk,
        "page_revision": page_revision_submit(
            actor=producer_cast["producer_a"], description="Cà phê Khe Sanh", phone="0912 345 678"
        ).pk,
        "producer_idea": services.idea_propose(
            actor=producer_cast["producer_a"],
            product_name="Ý tưởng của chủ thể A",
            product_set=ProductSet.objects.get(code="I.6"),
            description="Cà phê rang xay",
        ).pk,
        "product": factories.product(officer, subject).pk,
        "idea": factories.idea(officer, khe_sanh, submit=True).pk,
        "plan": plan.pk,
        "village": village.pk,
        "area": area.pk,
        "import_job": _import_job(cast),
    }


class SharedWorld:
    """The cast, the producers' accounts and one record of every kind, built once for a module."""

    def __init__(self):
        self.cast = build_cast(Units)
        self.producer_cast = build_producer_cast(Units)
        self.objects = build_objects(self.cast, Units, self.producer_cast)

    def users(self, group):
        """Fresh user instances per test: a test that changes one in memory leaves no trace."""
        from accounts.models import User

        people = getattr(self, group)
        fresh = User.objects.in_bulk([user.pk for user in people.values()])
        return {name: fresh[user.pk] for name, user in people.items()}


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`cast`, `producer_cast` and `objects` built once per module instead of once per test, for
    the modules that run thousands of requests against the same records (the permission matrix,
    the CSRF, fuzz and dead-end crawls): a module asks for it with
    ``pytestmark = pytest.mark.usefixtures("shared_world")``.

    The records are written inside a transaction that is rolled back when the module ends; each
    test runs inside it in a savepoint of its own (pytest-django's per-test atomic), so what a
    test writes is undone as before. Being module-scoped, the fixture is set up before the
    tests' own transaction. Modules using it must hold no committing (transactional) test.
    """
    from django.db import transaction
    from django.test import override_settings

    root = tmp_path_factory.getbasetemp() / "files"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=root / "media", PRIVATE_FILES_ROOT=root / "private"),
        transaction.atomic(),
    ):
        _ensure_reference_data()
        yield SharedWorld()
        transaction.set_rollback(True)


def _import_job(cast) -> int:
    """A register import uploaded by province staff, waiting for a worker."""
    from django.core.files.base import ContentFile

    from evaluation import register_import

    upload = ContentFile(register_import.template_workbook(), name="so-ocop.xlsx")
    return register_import.job_create(actor=cast["province_staff"], upload=upload).pk


def _evaluation_objects(cast, units, subject):
    from django.core.files.base import ContentFile

    from evaluation import services as evaluation_services
    from evaluation.models import (
        Certificate,
        CouncilSeat,
        Evidence,
        Inspection,
        RecognitionDecision,
        ScoreSheet,
        SeatPosition,
    )
    from tests import factories
    from tests.evaluation.helpers import make_round

    round_ = make_round(cast, units)
    seat = CouncilSeat.objects.get(council=round_.council, user=cast["council_member"])
    seat.position = SeatPosition.CHAIR
    seat.save()
    product = factories.product(cast["commune_a"], subject, name="Sản phẩm dự thi")
    dossier = evaluation_services.dossier_create(
        actor=cast["province_staff"],
        round_=round_,
        product=product,
        evaluation_type="first",
        representative="Nguyễn Văn A",
    )
    from tests.evaluation.helpers import complete_steps

    complete_steps(cast, dossier)
    for step in ("open", "scoring"):
        evaluation_services.round_advance(actor=cast["province_staff"], round_=round_, to=step)
    evidence = Evidence(
        dossier=dossier, title="Giấy ĐKKD", extension="pdf", size=8, uploaded_by=cast["commune_a"]
    )
    evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4"), save=False)
    evidence.save()
    sheet = ScoreSheet.objects.create(dossier=dossier, member=cast["council_member"])
    certificate = Certificate.objects.create(
        product=product,
        stars=3,
        level="province",
        decision_number="7/QĐ",
        decision_date=datetime.date(2025, 1, 1),
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2028, 1, 1),
        source="imported",
    )
    from promotion.models import Partner, SalesChannel, SalesPoint, TradeEvent

    point = SalesPoint.objects.create(
        name="Điểm bán Khe Sanh",
        kind="showroom",
        address="1 Lê Duẩn",
        unit=product.subject.commune,
        operator="HTX",
        opened_on=datetime.date(2025, 1, 1),
        created_by=cast["province_staff"],
    )
    channel = SalesChannel.objects.create(
        subject=subject,
        kind="ecommerce",
        name="Postmart",
        url="https://postmart.vn/x",
        started_on=datetime.date(2025, 1, 1),
        evidence="HĐ",
        created_by=cast["province_staff"],
    )
    event = TradeEvent.objects.create(
        name="Hội chợ Hướng Hóa",
        level="provincial",
        place="Khe Sanh",
        unit=units.legacy("465"),
        starts_on=datetime.date(2024, 5, 1),
        ends_on=datetime.date(2024, 5, 3),
        organiser="Huyện",
        created_by=cast["province_staff"],
    )
    partner = Partner.objects.create(
        name="Viện", kind="institute", profile="…", created_by=cast["province_staff"]
    )
    certificate.issued_on = certificate.decision_date = datetime.date.today()
    certificate.expires_on = certificate.issued_on.replace(year=certificate.issued_on.year + 3)
    certificate.save()
    from reports.models import Activity, ReportJob, Target
    from subjects.models import TrainingCourse

    report = ReportJob.objects.create(
        requested_by=cast["leader"],
        unit=units.current("44"),
        as_of=datetime.date(2025, 12, 31),
        format="pdf",
    )
    course = TrainingCourse.objects.create(
        topic=Activity.objects.get(code="6.6"),
        title="Tập huấn",
        organiser="Chi cục",
        starts_on=datetime.date(2024, 5, 1),
        ends_on=datetime.date(2024, 5, 2),
        unit=units.current("44"),
        created_by=cast["province_staff"],
    )
    return {
        "report": report.pk,
        "course": course.pk,
        "activity": Activity.objects.get(code="6.6").pk,
        "target": Target.objects.get(code="T1").pk,
        "point": point.pk,
        "channel": channel.pk,
        "event": event.pk,
        "partner": partner.pk,
        "product_code": product.code,
        "certificate_code": certificate.public_code,
        "council": round_.council_id,
        "seat": seat.pk,
        "round": round_.pk,
        "dossier": dossier.pk,
        "evidence": evidence.pk,
        "sheet": sheet.pk,
        "certificate": certificate.pk,
        "decision": RecognitionDecision.objects.create(
            round=round_,
            number="1/QĐ-UBND (thử)",
            date=datetime.date(2026, 12, 20),
            signer="Chủ tịch",
            created_by=cast["province_staff"],
        ).pk,
        # a failed inspection awaiting its follow-up (a task of province staff)
        "inspection": Inspection.objects.create(
            certificate=certificate,
            kind="ad_hoc",
            date=datetime.date(2025, 6, 1),
            inspector="Chi cục PTNT",
            findings="Nhãn thiếu",
            compliant=False,
            follow_up_due=datetime.date(2025, 7, 1),
            outcome="pending",
            created_by=cast["province_staff"],
        ).pk,
    }
