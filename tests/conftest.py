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
    from evaluation.criteria_loader import load_criteria, load_procedure_rules
    from products.reference import load_classification

    load_admin_units()
    load_classification()
    load_criteria()
    load_procedure_rules()
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


@pytest.fixture
def units(db):
    from accounts.models import AdministrativeUnit

    if not AdministrativeUnit.objects.filter(code="44", valid_from=CURRENT).exists():
        _load_reference_data()  # a committing test flushed the database

    class Units:
        @staticmethod
        def current(code):
            return AdministrativeUnit.objects.get(code=code, valid_from=CURRENT)

        @staticmethod
        def legacy(code):
            return AdministrativeUnit.objects.get(code=code, valid_from__isnull=True)

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
def cast(units):
    """Actors keyed by name; the district/commune pairs sit in different old districts."""
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
]


@pytest.fixture
def client_for(cast):
    def make(actor: str) -> Client:
        client = Client()
        if actor != "anonymous":
            client.force_login(cast[actor], backend="django.contrib.auth.backends.ModelBackend")
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


# --- A real Celery worker on the real Redis broker --------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def celery_worker_queue(transactional_db, tmp_path, settings):
    queue = f"test-{uuid.uuid4().hex[:12]}"
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
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
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
    # The test profile runs tasks in-process; these tests need them to go through the broker,
    # on a queue of their own.
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_default_queue = "celery"
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()
    print((tmp_path / "worker.log").read_text())  # shown by pytest when the test fails
