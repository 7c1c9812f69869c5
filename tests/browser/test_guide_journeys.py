"""The screenshots of the user guide, taken by walking each role's tasks on demo data.

`make guide` runs this file with GUIDE_SHOTS_DIR=guide/static/guide/shots (a folder per
language: the English manuals show the English interface), so a change of
screen updates the manuals; in `make test` the screenshots go to a temporary folder and the
journeys only prove that every page a manual shows still opens. Every screenshot is taken
through `shot(page, "NAME")`; tests/guide checks that each NAME a manual uses is taken here.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from evaluation.models import CouncilSeat, Dossier, Round
from products.models import BusinessPlan, ProductIdea

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(params=["vi", "en"])
def language(request) -> str:
    return request.param


@pytest.fixture
def shots_dir(tmp_path, language) -> Path:
    folder = Path(os.environ.get("GUIDE_SHOTS_DIR") or tmp_path / "shots") / language
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# The screens show dates (deadlines, "today", validity): a fixed day keeps the screenshots the
# same from one run to the next, so `make guide` changes them only when a screen changes.
GUIDE_DAY = datetime.datetime(
    2026, 11, 16, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
)


@pytest.fixture
def fixed_day(settings):
    # The browser keeps its own clock: cookies without an expiry date stay valid in it
    # whatever day the portal thinks it is.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(GUIDE_DAY, tick=True):
        yield


@pytest.fixture
def demo(fixed_day, units):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def walk(browser, live_server, language):
    contexts = []

    def as_user(username: str | None):
        context = browser.new_context(
            locale="vi-VN" if language == "vi" else "en-GB",
            timezone_id="Asia/Ho_Chi_Minh",
            base_url=live_server.url,
            viewport=VIEWPORT,
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto("/accounts/login/")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill(settings.OCOP_DEMO_PASSWORD)
            page.get_by_role("button", name=re.compile("^(Đăng nhập|Log in)$")).click()
            page.wait_for_load_state()
        return page

    yield as_user
    for context in contexts:
        context.close()


def shot(page, name: str, folder: Path, path: str | None = None) -> None:
    if path:
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(folder / f"{name}.png"))


def _first(queryset):
    item = queryset.order_by("pk").first()
    assert item is not None, f"the demo data has a {queryset.model.__name__}"
    return item


def test_guide_journeys(walk, demo, shots_dir):
    d = shots_dir

    page = walk(None)
    shot(page, "login", d, "/accounts/login/")

    # Commune officer: ideas, producers, dossiers of the commune.
    page = walk("xa.khesanh")
    officer = User.objects.get(username="xa.khesanh")
    shot(page, "commune-home", d, "/")
    shot(page, "commune-idea-form", d, "/ideas/new/")
    shot(page, "commune-idea-list", d, "/ideas/")
    shot(page, "commune-producers", d, "/subjects/")
    shot(page, "commune-products", d, "/products/")
    dossier = _first(Dossier.objects.filter(product__subject__commune=officer.unit))
    shot(page, "commune-dossier", d, f"/evaluation/dossiers/{dossier.pk}/")

    # Producer: its own workspace.
    page = walk("chuthe.khesanh")
    shot(page, "producer-home", d, "/producer/")
    shot(page, "producer-idea-form", d, "/producer/ideas/new/")
    shot(page, "producer-rounds", d, "/producer/dossiers/")
    shot(page, "producer-public-page", d, "/producer/public-page/")

    # District staff: screening ideas and plans, rounds and councils of the district.
    page = walk("huyen.huonghoa")
    shot(page, "district-home", d, "/")
    shot(page, "district-idea-list", d, "/ideas/")
    idea = _first(ProductIdea.objects.exclude(status="draft"))
    shot(page, "district-idea-detail", d, f"/ideas/{idea.pk}/")
    shot(page, "district-plan-list", d, "/plans/")
    shot(page, "district-rounds", d, "/evaluation/rounds/")
    shot(page, "district-councils", d, "/evaluation/councils/")

    # Province staff: rounds, decisions, certificates, the register, people.
    page = walk("tinh.ocop")
    shot(page, "province-home", d, "/")
    shot(page, "province-rounds", d, "/evaluation/rounds/")
    round_ = _first(Round.objects.filter(unit__level="province"))
    shot(page, "province-round-detail", d, f"/evaluation/rounds/{round_.pk}/")
    shot(page, "province-councils", d, "/evaluation/councils/")
    shot(page, "province-certificates", d, "/evaluation/certificates/")
    shot(page, "province-register-import", d, "/evaluation/register/import/")
    shot(page, "province-people", d, "/people/")
    shot(page, "province-training", d, "/subjects/training/")

    # Council member and chair: the inbox, the rounds, the scoring sheet.
    page = walk("hoidong.tv1")
    member = User.objects.get(username="hoidong.tv1")
    shot(page, "member-home", d, "/")
    shot(page, "member-rounds", d, "/evaluation/rounds/")
    seat = _first(CouncilSeat.objects.filter(user=member))
    scored = Dossier.objects.filter(round__council=seat.council, round__status="scoring")
    if scored.exists():
        shot(page, "member-scoring", d, f"/evaluation/dossiers/{_first(scored).pk}/score/")
    else:  # the demo's scoring round: its dossiers are on the rounds page
        shot(
            page,
            "member-scoring",
            d,
            f"/evaluation/rounds/{_first(Round.objects.filter(council=seat.council)).pk}/",
        )
    page = walk("hoidong.chutich")
    shot(
        page,
        "chair-round",
        d,
        f"/evaluation/rounds/{_first(Round.objects.filter(council=seat.council)).pk}/",
    )

    # Leader: dashboard and reports.
    page = walk("lanhdao.tinh")
    shot(page, "leader-dashboard", d, "/dashboard/")
    shot(page, "leader-reports", d, "/reports/")
    shot(page, "leader-targets", d, "/plan/targets/")

    # System administrator.
    page = walk("quantri")
    shot(page, "admin-index", d, "/admin/")

    # The plans list is reachable for the commune's plan too (used by the commune manual).
    assert BusinessPlan.objects.exists()
    taken = {path.stem for path in d.glob("*.png")}
    assert {"login", "commune-home", "leader-dashboard"} <= taken
