"""Every URL of the portal, for every actor: login redirect, 404, 403, 200 (or the redirect or
400 that a permitted action answers).

`test_matrix_covers_every_url` fails as soon as a URL is added without a row here, so the
matrix cannot fall behind the code. Objects all sit in Xã Khe Sanh: inside the areas of
district_a (Hướng Hóa) and commune_a, outside those of district_b and commune_b.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import ACTORS

# every case reads the same records, built once for the module (see conftest.shared_world)
pytestmark = pytest.mark.usefixtures("shared_world")

LOGIN = "login"  # a redirect to the login page
PRODUCERS = ("producer_a", "producer_b")  # producers' accounts of Khe Sanh; A owns the records
STAFF = [a for a in ACTORS if a != "anonymous" and a not in PRODUCERS]
OUTSIDERS = ("district_b", "commune_b", "council_member")  # object outside their scope


def everyone(code):
    return dict.fromkeys(ACTORS, code)


def staff(code=200, **overrides):
    """A staff page: producers' accounts are turned away (403) whatever the object."""
    return {
        "anonymous": LOGIN,
        **dict.fromkeys(STAFF, code),
        **dict.fromkeys(PRODUCERS, 403),
        **overrides,
    }


def signed_in(code=200, **overrides):
    """Account pages: every signed-in person, producers included."""
    return {"anonymous": LOGIN, **dict.fromkeys(STAFF + list(PRODUCERS), code), **overrides}


def own_producer(code=200, **overrides):
    """A producer's workspace page on producer_a's record: producer_b gets 404, staff 403."""
    return staff(403, producer_a=code, producer_b=404, **overrides)


def producer_page(code=200, **overrides):
    """A producer's workspace page without a record: both producers, staff 403."""
    return staff(403, producer_a=code, producer_b=code, **overrides)


MANAGERS = ("province_staff", "district_a", "district_b", "commune_a", "commune_b", "sysadmin")


def scoped(code=200, **overrides):
    """An object in Khe Sanh: outsiders get 404."""
    return staff(code, **dict.fromkeys(OUTSIDERS, 404), **overrides)


def acting(code, allowed, *, object_=False, **overrides):
    """Only `allowed` roles may act (others 403); with an object, outsiders get 404."""
    expected = staff(403, **dict.fromkeys(allowed, code))
    if object_:
        expected.update(dict.fromkeys(OUTSIDERS, 404))
    expected.update(overrides)
    return expected


def dossier_seen(code=200, **overrides):
    """The dossier: outsiders of Khe Sanh get 404, but the council member sees it by seat."""
    expected = staff(code, district_b=404, commune_b=404)
    expected.update(overrides)
    return expected


ORGANISERS = ("province_staff", "district_a", "district_b")
READERS = ("province_staff", "district_a", "district_b", "commune_a", "commune_b", "leader")


def province_only(code=200):
    """A record of the whole province: staff of districts and communes do not see it."""
    return staff(
        code,
        **dict.fromkeys(
            ("district_a", "district_b", "commune_a", "commune_b", "council_member"), 404
        ),
    )


EDITORS = ("province_staff", "district_a", "district_b", "commune_a", "commune_b")
REGISTRARS = ("province_staff", "commune_a", "commune_b")
SCREENERS = ("province_staff", "district_a", "district_b")

# (url name, path with {placeholders}, method, {actor: expected})
MATRIX = [
    ("healthz", "/healthz", "get", everyone(200)),
    ("ping", "/ping", "get", everyone(200)),
    ("lookup", "/lookup/units/?q=khe", "get", staff()),
    ("accounts:login", "/accounts/login/", "get", {**everyone(302), "anonymous": 200}),
    ("accounts:logout", "/accounts/logout/", "post", everyone(302)),
    ("accounts:password_change", "/accounts/password/", "get", signed_in()),
    ("accounts:password_change_done", "/accounts/password/done/", "get", signed_in()),
    ("accounts:password_reset", "/accounts/password/reset/", "get", everyone(200)),
    ("accounts:password_reset_done", "/accounts/password/reset/sent/", "get", everyone(200)),
    (
        "accounts:password_reset_confirm",
        "/accounts/password/reset/MQ/bad-token/",
        "get",
        everyone(200),
    ),  # 200: the page says the link no longer works
    ("accounts:password_reset_complete", "/accounts/password/reset/done/", "get", everyone(200)),
    ("accounts:invitation_accept", "/accounts/invitation/MQ/bad-token/", "get", everyone(200)),
    ("accounts:set_language", "/i18n/setlang/", "post", everyone(302)),
    ("choose_language", "/i18n/choose/?language=en&next=/", "get", everyone(302)),
    (
        "reports:home",
        "/",
        "get",
        signed_in(anonymous=200, producer_a=302, producer_b=302),
    ),  # anonymous: the public landing page; producers: their workspace
    ("reports:inbox", "/inbox/", "get", signed_in()),
    # The user guide: everyone signed in reads every role's manual (trainers hand them out).
    ("guide:mine", "/guide/", "get", signed_in(302)),
    ("guide:index", "/guide/all/", "get", signed_in()),
    ("guide:manual", "/guide/commune-officer/", "get", signed_in()),
    ("guide:pdf", "/guide/leader/pdf/", "get", signed_in()),
    ("reports:inbox_mark_read", "/inbox/read/", "post", signed_in(302)),
    # people and accounts: offices keep their own (producers are invited from their page)
    ("accounts:person_list", "/people/", "get", acting(200, MANAGERS)),
    (
        "accounts:person_create",
        "/people/new/",
        "get",
        acting(200, ("province_staff", "sysadmin")),
    ),
    (
        "accounts:person_detail",
        "/people/{person}/",
        "get",
        acting(200, MANAGERS, district_b=404, commune_b=404),
    ),  # the person is producer_a's account: its commune's and district's staff see it
    (
        "accounts:person_edit",
        "/people/{person}/edit/",
        "get",
        acting(200, MANAGERS, district_b=404, commune_b=404),
    ),
    (
        "accounts:person_disable",
        "/people/{person}/disable/",
        "post",
        acting(302, MANAGERS, district_b=404, commune_b=404),
    ),
    (
        "accounts:person_enable",
        "/people/{person}/enable/",
        "post",
        acting(302, MANAGERS, district_b=404, commune_b=404),
    ),  # 302: told it is already enabled
    (
        "accounts:person_invite",
        "/people/{person}/invite/",
        "post",
        acting(302, MANAGERS, district_b=404, commune_b=404),
    ),  # 302: told the password is already set
    # the producer's workspace
    ("producer:dashboard", "/producer/", "get", producer_page()),
    ("producer:idea_list", "/producer/ideas/", "get", producer_page()),
    ("producer:idea_create", "/producer/ideas/new/", "get", producer_page()),
    ("producer:idea_detail", "/producer/ideas/{producer_idea}/", "get", own_producer()),
    (
        "producer:idea_edit",
        "/producer/ideas/{producer_idea}/edit/",
        "get",
        own_producer(302),
    ),  # 302: a proposal waiting for the commune is not editable
    ("producer:round_list", "/producer/dossiers/", "get", producer_page()),
    (
        "producer:dossier_register",
        "/producer/rounds/{round}/register/",
        "get",
        staff(403, producer_a=404, producer_b=404),
    ),  # the round is scoring, no longer open: no producer finds it
    ("producer:dossier_detail", "/producer/dossiers/{dossier}/", "get", own_producer()),
    (
        "producer:evidence_upload",
        "/producer/dossiers/{dossier}/evidence/",
        "post",
        own_producer(400),
    ),  # 400: no file
    (
        "producer:documents_completed",
        "/producer/dossiers/{dossier}/documents-completed/",
        "post",
        own_producer(302),
    ),  # 302: told nothing was requested
    (
        "producer:self_assessment",
        "/producer/dossiers/{dossier}/self-assessment/",
        "get",
        own_producer(),
    ),
    (
        "producer:self_assessment_projection",
        "/producer/dossiers/{dossier}/self-assessment/projection/",
        "post",
        own_producer(),
    ),
    ("producer:evidence_download", "/producer/evidence/{evidence}/", "get", own_producer()),
    (
        "producer:evidence_confirm",
        "/producer/evidence/{evidence}/confirm/",
        "post",
        own_producer(302),
    ),
    ("producer:qr_labels", "/producer/qr-labels.pdf", "get", producer_page()),
    ("producer:public_page", "/producer/public-page/", "get", producer_page()),
    (
        "producer:certificate_pdf",
        "/producer/certificates/{certificate}/pdf/",
        "get",
        own_producer(),
    ),
    ("accounts:unit_list", "/units/", "get", staff()),
    ("accounts:unit_detail", "/units/{khe_sanh}/", "get", scoped()),
    (
        "accounts:unit_detail",
        "/units/{province}/",
        "get",
        staff(
            **dict.fromkeys(
                ("district_a", "district_b", "commune_a", "commune_b", "council_member"), 404
            )
        ),
    ),
    ("accounts:unit_detail", "/units/999999999/", "get", staff(404)),
    # producers, craft villages, raw-material areas
    ("subjects:subject_list", "/subjects/", "get", staff()),
    ("subjects:subject_create", "/subjects/new/", "get", acting(200, EDITORS)),
    ("subjects:subject_detail", "/subjects/{subject}/", "get", scoped()),
    (
        "subjects:subject_account_invite",
        "/subjects/{subject}/accounts/new/",
        "get",
        acting(200, ("province_staff", "district_a", "commune_a", "sysadmin"), object_=True),
    ),
    (
        "subjects:subject_edit",
        "/subjects/{subject}/edit/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    ("subjects:craft_village_list", "/subjects/craft-villages/", "get", staff()),
    ("subjects:craft_village_create", "/subjects/craft-villages/new/", "get", acting(200, EDITORS)),
    (
        "subjects:craft_village_edit",
        "/subjects/craft-villages/{village}/",
        "get",
        scoped(),  # read-only for roles that may not edit (ocop_portal/readonly.py)
    ),
    ("subjects:raw_material_area_list", "/subjects/raw-material-areas/", "get", staff()),
    (
        "subjects:raw_material_area_create",
        "/subjects/raw-material-areas/new/",
        "get",
        acting(200, EDITORS),
    ),
    (
        "subjects:raw_material_area_edit",
        "/subjects/raw-material-areas/{area}/",
        "get",
        scoped(),
    ),
    # products
    ("products:product_list", "/products/", "get", staff()),
    ("products:product_create", "/products/new/", "get", acting(200, EDITORS)),
    ("products:product_detail", "/products/{product}/", "get", scoped()),
    (
        "products:product_edit",
        "/products/{product}/edit/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    (
        "products:product_photo_add",
        "/products/{product}/photos/",
        "post",
        acting(200, EDITORS, object_=True),
    ),  # 200: the empty form comes back with its errors
    # ideas (the idea is submitted)
    ("products:idea_list", "/ideas/", "get", staff()),
    ("products:idea_create", "/ideas/new/", "get", acting(200, REGISTRARS)),
    ("products:idea_detail", "/ideas/{idea}/", "get", scoped()),
    (
        "products:idea_link_producer",
        "/ideas/{idea}/producer/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    (
        "products:idea_edit",
        "/ideas/{idea}/edit/",
        "get",
        acting(302, REGISTRARS, object_=True),
    ),  # 302: a submitted idea is not editable
    (
        "products:idea_submit",
        "/ideas/{idea}/submit/",
        "post",
        acting(302, REGISTRARS, object_=True),
    ),
    (
        "products:idea_withdraw",
        "/ideas/{idea}/withdraw/",
        "post",
        acting(302, REGISTRARS, object_=True),
    ),
    (
        "products:idea_send_back",
        "/ideas/{idea}/send-back/",
        "post",
        acting(400, REGISTRARS, object_=True),
    ),  # 400: sending back needs written guidance
    ("products:idea_accept", "/ideas/{idea}/accept/", "post", acting(302, SCREENERS, object_=True)),
    (
        "products:idea_return",
        "/ideas/{idea}/return/",
        "post",
        acting(400, SCREENERS, object_=True),
    ),  # 400: returning needs written guidance
    # business plans (the plan is submitted and has provincial-budget money)
    ("products:plan_list", "/plans/", "get", staff()),
    ("products:plan_create", "/plans/new/", "get", acting(200, EDITORS)),
    ("products:plan_detail", "/plans/{plan}/", "get", scoped()),
    (
        "products:plan_link_product",
        "/plans/{plan}/product/",
        "get",
        acting(200, EDITORS, object_=True),
    ),
    ("products:plan_edit", "/plans/{plan}/edit/", "get", acting(302, EDITORS, object_=True)),
    ("products:plan_submit", "/plans/{plan}/submit/", "post", acting(302, EDITORS, object_=True)),
    (
        "products:plan_appraise",
        "/plans/{plan}/appraise/",
        "get",
        acting(200, SCREENERS, object_=True),
    ),
    ("products:plan_accept", "/plans/{plan}/accept/", "post", acting(302, SCREENERS, object_=True)),
    ("products:plan_return", "/plans/{plan}/return/", "post", acting(400, SCREENERS, object_=True)),
    ("products:support_list", "/support/", "get", staff()),
    ("products:support_create", "/support/new/", "get", acting(200, EDITORS)),
    ("products:campaign_list", "/campaigns/", "get", staff()),
    ("products:campaign_create", "/campaigns/new/", "get", acting(200, EDITORS)),
    # register and certificates
    ("evaluation:certificate_list", "/evaluation/certificates/", "get", staff()),
    (
        "evaluation:register_import",
        "/evaluation/register/import/",
        "get",
        acting(200, ("province_staff",)),
    ),
    (
        "evaluation:register_template",
        "/evaluation/register/import/template.xlsx",
        "get",
        acting(200, ("province_staff",)),
    ),
    # register imports: the province's importers only (a queued job: nothing to confirm yet)
    (
        "evaluation:register_import_job",
        "/evaluation/register/import/{import_job}/",
        "get",
        acting(200, ("province_staff",)),
    ),
    (
        "evaluation:register_import_apply",
        "/evaluation/register/import/{import_job}/apply/",
        "post",
        acting(302, ("province_staff",)),
    ),
    (
        "evaluation:register_import_retry",
        "/evaluation/register/import/{import_job}/retry/",
        "post",
        acting(302, ("province_staff",)),
    ),
    # councils are kept by the organisers of their unit
    ("evaluation:council_list", "/evaluation/councils/", "get", acting(200, ORGANISERS)),
    ("evaluation:council_create", "/evaluation/councils/new/", "get", acting(200, ORGANISERS)),
    (
        "evaluation:council_detail",
        "/evaluation/councils/{council}/",
        "get",
        acting(
            200,
            ("province_staff",),
            district_a=404,
            district_b=404,
            commune_a=404,
            commune_b=404,
            council_member=404,
        ),
    ),
    (
        "evaluation:seat_add",
        "/evaluation/councils/{council}/seats/",
        "post",
        acting(
            400,  # the empty form comes back with its errors
            ("province_staff",),
            district_a=404,
            district_b=404,
            commune_a=404,
            commune_b=404,
            council_member=404,
        ),
    ),
    (
        "evaluation:seat_end",
        "/evaluation/seats/{seat}/end/",
        "post",
        acting(
            400,  # the last day and the reason are required
            ("province_staff",),
            district_a=404,
            district_b=404,
            commune_a=404,
            commune_b=404,
            council_member=404,
        ),
    ),
    # scoring sheets are reference material for all staff
    ("evaluation:criteria_index", "/evaluation/criteria/", "get", staff()),
    ("evaluation:sheet_detail", "/evaluation/criteria/qd26-2026/I.6/", "get", staff()),
    ("evaluation:sheet_pdf", "/evaluation/criteria/qd26-2026/I.6/pdf/", "get", staff()),
    # the provincial round (scoring) is visible to all staff of the province and its council
    ("evaluation:round_list", "/evaluation/rounds/", "get", staff()),
    ("evaluation:round_create", "/evaluation/rounds/new/", "get", acting(200, ORGANISERS)),
    ("evaluation:round_detail", "/evaluation/rounds/{round}/", "get", staff()),
    (
        "evaluation:round_open",
        "/evaluation/rounds/{round}/open/",
        "post",
        acting(302, ("province_staff",)),
    ),  # 302: refused step, told why
    (
        "evaluation:round_scoring",
        "/evaluation/rounds/{round}/scoring/",
        "post",
        acting(302, ("province_staff",)),
    ),
    (
        "evaluation:round_closed",
        "/evaluation/rounds/{round}/closed/",
        "post",
        acting(302, ("province_staff",)),
    ),
    (
        "evaluation:decision_issue",
        "/evaluation/rounds/{round}/decision/",
        "get",
        acting(200, ("province_staff",)),
    ),
    (
        "evaluation:roster_replace",
        "/evaluation/rounds/{round}/roster/replace/",
        "post",
        staff(403, council_member=400),
    ),  # the chair alone; 400: the empty form comes back with its errors
    (
        "evaluation:conflict_list",
        "/evaluation/rounds/{round}/conflicts/",
        "get",
        staff(403, council_member=200),
    ),
    (
        "evaluation:decision_certificates_pdf",
        "/evaluation/decisions/{decision}/certificates.pdf",
        "get",
        staff(302, council_member=403),
    ),  # 302: the round is in scoring, its decision not yet issued (the fixture records one by
    # hand); council members 403 (was 302): they keep no certificates, and the round page no
    # longer offers them the link
    (
        "evaluation:decision_annex",
        "/evaluation/rounds/{round}/decision/annex.pdf",
        "get",
        staff(302),
    ),  # 302 (was 200): the round is in scoring; the annex is printed once the round's decision
    # is issued (the round published), not from the decision the fixture records by hand
    (
        "evaluation:council_summary",
        "/evaluation/rounds/{round}/summary.pdf",
        "get",
        staff(302, **dict.fromkeys(("district_a", "district_b", "commune_a", "commune_b"), 403)),
    ),  # 302: scoring not closed yet; the summary is the council's and its unit's only: 403
    # (was 404) to district and commune staff, who see the round (they file into it) but may
    # not print its council's documents, as its page shows them no link
    (
        "evaluation:council_minutes",
        "/evaluation/rounds/{round}/minutes.pdf",
        "get",
        staff(302, **dict.fromkeys(("district_a", "district_b", "commune_a", "commune_b"), 403)),
    ),  # the minutes follow the summary's rule (403, was 404, likewise)
    (
        "evaluation:dossier_create",
        "/evaluation/rounds/{round}/dossiers/new/",
        "get",
        acting(302, EDITORS),
    ),  # 302: the round is in scoring and takes no more dossiers
    # the dossier of a Khe Sanh product; council members reach it through their seat
    ("evaluation:dossier_detail", "/evaluation/dossiers/{dossier}/", "get", dossier_seen()),
    (
        "evaluation:evidence_add",
        "/evaluation/dossiers/{dossier}/evidence/",
        "post",
        dossier_seen(403, **dict.fromkeys(("province_staff", "district_a", "commune_a"), 400)),
    ),
    (
        "evaluation:dossier_self_assess",
        "/evaluation/dossiers/{dossier}/self-assessment/",
        "get",
        dossier_seen(403, **dict.fromkeys(("province_staff", "district_a", "commune_a"), 200)),
    ),
    (
        "evaluation:central_result",
        "/evaluation/dossiers/{dossier}/central-result/",
        "get",
        dossier_seen(403, province_staff=200),
    ),
    ("evaluation:evidence_download", "/evaluation/evidence/{evidence}/", "get", dossier_seen()),
    (
        "evaluation:evidence_confirm",
        "/evaluation/evidence/{evidence}/confirm/",
        "post",
        dossier_seen(403, **dict.fromkeys(("province_staff", "district_a", "commune_a"), 302)),
    ),
    (
        "evaluation:dossier_intake",
        "/evaluation/dossiers/{dossier}/intake/",
        "post",
        dossier_seen(403, province_staff=302),
    ),
    (
        "evaluation:result_comments",
        "/evaluation/dossiers/{dossier}/comments/",
        "post",
        dossier_seen(403, province_staff=302),
    ),
    (
        "evaluation:dossier_pre_assess",
        "/evaluation/dossiers/{dossier}/pre-assessment/",
        "get",
        dossier_seen(403, province_staff=200, commune_a=200),
    ),
    (
        "evaluation:dossier_close",
        "/evaluation/dossiers/{dossier}/close/",
        "post",
        dossier_seen(403, council_member=302),
    ),  # 302: not every member has submitted
    (
        "evaluation:dossier_send_back",
        "/evaluation/dossiers/{dossier}/send-back/",
        "post",
        dossier_seen(403, council_member=302),
    ),
    (
        "evaluation:dossier_exclude",
        "/evaluation/dossiers/{dossier}/exclude/",
        "post",
        dossier_seen(403, council_member=400),
    ),  # 400: the finding must be written
    (
        "evaluation:score",
        "/evaluation/dossiers/{dossier}/score/",
        "get",
        dossier_seen(403, council_member=200),
    ),
    (
        "evaluation:score_answer",
        "/evaluation/dossiers/{dossier}/score/answer/",
        "post",
        dossier_seen(403, council_member=302),
    ),
    (
        "evaluation:score_submit",
        "/evaluation/dossiers/{dossier}/score/submit/",
        "post",
        dossier_seen(403, council_member=302),
    ),  # 302: criteria unanswered
    (
        "evaluation:score_pdf",
        "/evaluation/dossiers/{dossier}/score/pdf/",
        "get",
        dossier_seen(403, council_member=200),
    ),
    (
        "evaluation:score_xlsx",
        "/evaluation/dossiers/{dossier}/score/xlsx/",
        "get",
        dossier_seen(403, council_member=200),
    ),
    (
        "evaluation:conflict_declare",
        "/evaluation/dossiers/{dossier}/conflict/",
        "post",
        dossier_seen(403, council_member=302),
    ),
    (
        "evaluation:sheet_reopen",
        "/evaluation/sheets/{sheet}/reopen/",
        "post",
        dossier_seen(403, council_member=302),
    ),  # 302: a reason is required
    ("evaluation:certificate_detail", "/evaluation/certificates/{certificate}/", "get", scoped()),
    ("evaluation:certificate_pdf", "/evaluation/certificates/{certificate}/pdf/", "get", scoped()),
    (
        "evaluation:certificate_revoke",
        "/evaluation/certificates/{certificate}/revoke/",
        "get",
        acting(200, ("province_staff",), object_=True),
    ),
    (
        "evaluation:inspection_follow_up",
        "/evaluation/inspections/{inspection}/follow-up/",
        "get",
        acting(200, ("province_staff",), object_=True),
    ),
    (
        "evaluation:inspection_create",
        "/evaluation/certificates/{certificate}/inspections/new/",
        "get",
        acting(200, ("province_staff", "district_a", "commune_a"), object_=True),
    ),
    # trade promotion
    ("promotion:sales_point_list", "/promotion/sales-points/", "get", staff()),
    (
        "promotion:sales_point_create",
        "/promotion/sales-points/new/",
        "get",
        acting(200, ORGANISERS),
    ),
    (
        "promotion:sales_point_edit",
        "/promotion/sales-points/{point}/",
        "get",
        scoped(),
    ),
    ("promotion:channel_list", "/promotion/channels/", "get", staff()),
    ("promotion:channel_create", "/promotion/channels/new/", "get", acting(200, EDITORS)),
    (
        "promotion:channel_edit",
        "/promotion/channels/{channel}/",
        "get",
        scoped(),
    ),
    ("promotion:event_list", "/promotion/events/", "get", staff()),
    ("promotion:event_create", "/promotion/events/new/", "get", acting(200, ORGANISERS)),
    (
        "promotion:event_detail",
        "/promotion/events/{event}/",
        "get",
        staff(
            200, **dict.fromkeys(("district_b", "commune_a", "commune_b", "council_member"), 404)
        ),
    ),
    (
        "promotion:event_edit",
        "/promotion/events/{event}/edit/",
        "get",
        acting(
            200,
            ("province_staff", "district_a"),
            **dict.fromkeys(("district_b", "commune_a", "commune_b", "council_member"), 404),
        ),
    ),
    (
        "promotion:participation_create",
        "/promotion/events/{event}/participants/new/",
        "get",
        acting(
            200,
            ("province_staff", "district_a"),
            **dict.fromkeys(("district_b", "commune_a", "commune_b", "council_member"), 404),
        ),
    ),
    ("promotion:partner_list", "/promotion/partners/", "get", staff()),
    (
        "promotion:partner_create",
        "/promotion/partners/new/",
        "get",
        acting(200, ("province_staff",)),
    ),
    (
        "promotion:partner_edit",
        "/promotion/partners/{partner}/",
        "get",
        staff(200, council_member=404),
    ),
    ("promotion:qr_labels", "/promotion/qr-labels/{subject}/", "get", scoped()),
    ("promotion:page_review_list", "/promotion/producer-pages/", "get", acting(200, EDITORS)),
    ("promotion:page_review", "/promotion/producer-pages/{page_revision}/", "get", scoped()),
    # the public site: no login
    ("public:catalogue", "/catalogue/", "get", everyone(200)),
    ("public:catalogue_product", "/catalogue/{product_code}/", "get", everyone(200)),
    ("public:partner_directory", "/partners/", "get", everyone(200)),
    ("public:verify", "/verify/{certificate_code}/", "get", everyone(200)),
    ("public:verify", "/verify/no-such-code/", "get", everyone(404)),  # the counterfeit warning
    ("public:verify_lookup", "/verify/?code=abc", "get", everyone(302)),
    ("public:verify_qr", "/verify/{certificate_code}/qr.png", "get", everyone(200)),
    ("public:sitemap", "/sitemap.xml", "get", everyone(200)),
    # plan 180: dashboards, reports, targets, activity schedule, training
    ("reports:dashboard", "/dashboard/", "get", acting(200, READERS)),
    ("reports:kpi_detail", "/dashboard/T1/", "get", acting(200, READERS)),
    ("reports:report_list", "/reports/", "get", acting(200, READERS)),
    ("reports:report_detail", "/reports/{report}/", "get", province_only()),
    ("reports:report_download", "/reports/{report}/download/", "get", province_only(302)),
    ("reports:activity_list", "/plan/activities/", "get", acting(200, READERS)),
    (
        "reports:activity_status_edit",
        "/plan/activities/{activity}/2024/",
        "get",
        acting(200, ("province_staff",)),
    ),
    ("reports:target_list", "/plan/targets/", "get", acting(200, READERS)),
    ("reports:target_edit", "/plan/targets/{target}/", "get", acting(200, ("province_staff",))),
    ("subjects:course_list", "/subjects/training/", "get", acting(200, READERS)),
    ("subjects:course_create", "/subjects/training/new/", "get", acting(200, EDITORS)),
    ("subjects:course_detail", "/subjects/training/{course}/", "get", province_only()),
    # Django admin: system administrators only
    ("admin:index", "/admin/", "get", {**everyone(LOGIN), "sysadmin": 200}),
    (
        "admin:accounts_user_changelist",
        "/admin/accounts/user/",
        "get",
        {**everyone(LOGIN), "sysadmin": 200},
    ),
]

# Admin's inner pages are all guarded by the same PortalAdminSite.has_permission that the two
# admin rows above exercise.
NOT_IN_MATRIX_PREFIXES = ("admin:",)


def _all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_url_names(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_matrix_covers_every_url():
    covered = {row[0] for row in MATRIX}
    missing = {
        name
        for name in _all_url_names()
        if name not in covered and not name.startswith(NOT_IN_MATRIX_PREFIXES)
    }
    assert not missing, f"URLs without a permission-matrix row: {sorted(missing)}"


CASES = [
    pytest.param(name, path, method, actor, expected[actor], id=f"{name}[{path}]-{actor}")
    for name, path, method, expected in MATRIX
    for actor in ACTORS
]


@pytest.mark.parametrize(("name", "path", "method", "actor", "expected"), CASES)
def test_permission_matrix(client_for, objects, name, path, method, actor, expected):
    client = client_for(actor)
    data = {"language": "en", "next": "/"} if name == "accounts:set_language" else {}
    response = getattr(client, method)(path.format(**objects), data)
    if response.streaming:
        b"".join(response.streaming_content)  # reading a download to its end closes the file
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    else:
        assert response.status_code == expected
