"""Import of the province's existing register of recognised OCOP products (2019–2025) from Excel.

One row = one recognition of one product. Reading is separate from writing, so the same code
gives the dry-run preview and the all-or-nothing commit. Matching makes a re-import change
nothing: producers by normalised registration number, products by producer + name, recognitions
by decision number + product.
"""

from __future__ import annotations

import datetime
import io
import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import AdministrativeUnit, UnitLevel, UnitSuccession
from accounts.reference import reorganisation
from accounts.roles import PROVINCE_OFFICE, has_role, require_role
from accounts.scope import scope_for
from evaluation.models import (
    Certificate,
    EvaluationType,
    ImportJob,
    ImportPhase,
    ImportStatus,
    RecognitionLevel,
)
from evaluation.rules import certificate_validity_months
from evaluation.services import certificate_issue
from evaluation.tasks import run_register_import
from ocop_portal import pagecache
from ocop_portal.bounded_xlsx import Limits, WorkbookError, WorkbookTooLarge
from ocop_portal.bounded_xlsx import read_rows as read_workbook_rows
from ocop_portal.bounds import EARLIEST_DATE, LATEST_DATE
from ocop_portal.exceptions import TransitionError
from ocop_portal.tasks import enqueue
from ocop_portal.text import fold, normalise_registration_number
from products.models import Product, ProductSet, ProductStatus
from products.services import product_create
from subjects.models import TOURISM_ONLY_FORMS, LegalForm, Subject
from subjects.services import subject_create

HEADERS = [
    "Tên sản phẩm",
    "Mã bộ sản phẩm",
    "Tên chủ thể",
    "Loại hình chủ thể",
    "Mã số thuế/ĐKKD",
    "Mã đơn vị hành chính",
    "Số sao",
    "Điểm",
    "Số quyết định",
    "Ngày công nhận",
    "Cấp công nhận",
    "Loại đánh giá",
    "Ngày hết hạn",
]
OPTIONAL = {"Điểm", "Ngày hết hạn"}

LEGAL_FORMS = {
    "htx": LegalForm.COOPERATIVE,
    "tht": LegalForm.COOPERATIVE_GROUP,
    "dn": LegalForm.ENTERPRISE,
    "ho kinh doanh": LegalForm.HOUSEHOLD,
    "trang trai": LegalForm.FARM,
    "hoi": LegalForm.ASSOCIATION,
}
LEVELS = {
    "huyen": RecognitionLevel.DISTRICT,
    "tinh": RecognitionLevel.PROVINCE,
    "trung uong": RecognitionLevel.CENTRAL,
}
TYPES = {
    "lan dau": EvaluationType.FIRST,
    "nang hang": EvaluationType.UPGRADE,
    "danh gia lai": EvaluationType.RE_EVALUATION,
}

logger = logging.getLogger(__name__)


class RegisterFileError(Exception):
    """The file as a whole cannot be read (not a workbook, wrong headers)."""


@dataclass
class RegisterRow:
    number: int
    raw: dict[str, str]
    errors: list[str] = field(default_factory=list)
    # parsed values
    product_name: str = ""
    product_set: ProductSet | None = None
    subject_name: str = ""
    legal_form: str = ""
    registration_number: str = ""
    unit: AdministrativeUnit | None = None
    commune: AdministrativeUnit | None = None
    legacy_commune: AdministrativeUnit | None = None
    stars: int = 0
    score: Decimal | None = None
    decision_number: str = ""
    decision_date: datetime.date | None = None
    level: str = ""
    evaluation_type: str = ""
    expires_on: datetime.date | None = None
    outcome: str = ""  # "new" or "unchanged", after matching

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class RegisterPreview:
    rows: list[RegisterRow]

    @property
    def errors(self) -> list[RegisterRow]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    SHOWN = 50  # rows listed on the page; the rest are counted, never each shown

    @property
    def shown_rows(self) -> list[RegisterRow]:
        return (self.errors if self.errors else self.rows)[: self.SHOWN]

    @property
    def hidden_count(self) -> int:
        return max(len(self.errors if self.errors else self.rows) - self.SHOWN, 0)

    @property
    def error_counts(self) -> list[tuple[str, int]]:
        """Each kind of error with the number of rows that have it, most frequent first."""
        counts = Counter(error for row in self.errors for error in row.errors)
        return counts.most_common(10)

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "new")

    @property
    def unchanged_count(self) -> int:
        return sum(1 for row in self.rows if row.outcome == "unchanged")


def template_workbook() -> bytes:
    """The downloadable template: the exact headers, and a sheet of allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách sản phẩm"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "Cà phê bột Khe Sanh",
            "I.6",
            "HTX Nông sản Khe Sanh",
            "HTX",
            "3200123456",
            "19429",
            5,
            90.5,
            "125/QĐ-UBND",
            "15/01/2025",
            "trung ương",
            "nâng hạng",
            "",
        ]
    )
    for column, width in zip(
        "ABCDEFGHIJKLM", [30, 14, 30, 16, 16, 18, 8, 8, 18, 15, 15, 15, 15], strict=True
    ):
        sheet.column_dimensions[column].width = width
    guide = workbook.create_sheet("Hướng dẫn")
    for line in [
        ["Cột", "Giá trị hợp lệ"],
        ["Mã bộ sản phẩm", "Mã của 26 bộ sản phẩm, ví dụ I.1.a, I.3.b, I.6, VI.1"],
        ["Loại hình chủ thể", "HTX / THT / DN / Hộ kinh doanh / Trang trại / Hội"],
        [
            "Mã đơn vị hành chính",
            "Mã xã theo danh mục có hiệu lực vào ngày công nhận: trước "
            "01/7/2025 danh mục cũ, từ 01/7/2025 danh mục mới",
        ],
        ["Số sao", "3, 4 hoặc 5"],
        ["Điểm", "Không bắt buộc; từ 0 đến 100"],
        [
            "Ngày công nhận, Ngày hết hạn",
            "dd/mm/yyyy; ngày hết hạn không bắt buộc (mặc định theo thời hạn hiệu lực "
            "của bộ tiêu chí áp dụng tại ngày công nhận)",
        ],
        ["Cấp công nhận", "huyện / tỉnh / trung ương"],
        ["Loại đánh giá", "lần đầu / nâng hạng / đánh giá lại"],
    ]:
        guide.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _parse_date(value) -> datetime.date | None:
    """A date written dd/mm/yyyy (or a date cell) within the portal's range, else None: a
    year-9999 recognition would overflow its expiry a validity term later."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.datetime.strptime(_text(value), "%d/%m/%Y").date()
        except ValueError:
            return None
    return day if EARLIEST_DATE <= day <= LATEST_DATE else None


# A register of a few tens of thousands of rows is legitimate (20,000 rows is about 10 MB of
# XML); a zip bomb is refused from the archive's directory before any XML is read.
READ_LIMITS = Limits(
    max_rows=50_000, columns=len(HEADERS) + 5, max_uncompressed=64_000_000, max_seconds=60
)


def read_rows(file, limits: Limits = READ_LIMITS) -> list[tuple[int, dict]]:
    """The data rows of the first sheet, keyed by header, with their spreadsheet row numbers."""
    try:
        rows = read_workbook_rows(file, limits)
        header = [_text(value) for value in next(rows, (1, ()))[1]]
        while header and header[-1] == "":
            header.pop()
        if header != HEADERS:
            rows.close()
            raise RegisterFileError(
                _("The first row must hold exactly these headers: %(headers)s.")
                % {"headers": ", ".join(HEADERS)}
            )
        result = []
        for number, values in rows:
            values = list(values)[: len(HEADERS)]
            if all(value in (None, "") for value in values):
                continue
            values += [None] * (len(HEADERS) - len(values))
            result.append((number, dict(zip(HEADERS, values, strict=True))))
        return result
    except WorkbookError as error:
        raise RegisterFileError(str(error)) from error


class _Reference:
    """Lookups loaded once per import, so that validating 5,000 rows costs a few queries."""

    def __init__(self, scope_unit_ids: frozenset[int] | None):
        self.sets = {s.code: s for s in ProductSet.objects.all()}
        units = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).select_related(
            "parent__parent"
        )
        self.legacy = {u.code: u for u in units if u.valid_to is not None}
        self.current = {u.code: u for u in units if u.valid_to is None}
        self.successor = dict(
            UnitSuccession.objects.filter(predecessor__level=UnitLevel.COMMUNE).values_list(
                "predecessor_id", "successor_id"
            )
        )
        self.by_id = {u.pk: u for u in units}
        self.scope = scope_unit_ids


def _validate_row(row: RegisterRow, ref: _Reference) -> None:
    raw = row.raw
    errors = row.errors
    for header in HEADERS:
        if header not in OPTIONAL and _text(raw[header]) == "":
            errors.append(_("“%(column)s” is empty.") % {"column": header})
    if errors:
        return
    row.product_name = _text(raw["Tên sản phẩm"])
    row.subject_name = _text(raw["Tên chủ thể"])
    row.product_set = ref.sets.get(_text(raw["Mã bộ sản phẩm"]))
    if row.product_set is None:
        errors.append(
            _("Unknown product set code “%(code)s”.") % {"code": _text(raw["Mã bộ sản phẩm"])}
        )
    row.legal_form = LEGAL_FORMS.get(fold(_text(raw["Loại hình chủ thể"])), "")
    if not row.legal_form:
        errors.append(
            _("Unknown legal form “%(value)s”: use HTX, THT, DN, Hộ kinh doanh, Trang trại or Hội.")
            % {"value": _text(raw["Loại hình chủ thể"])}
        )
    elif (
        row.legal_form in TOURISM_ONLY_FORMS
        and row.product_set
        and not (row.product_set.is_tourism)
    ):
        errors.append(_("Associations may hold tourism products only."))
    row.registration_number = normalise_registration_number(_text(raw["Mã số thuế/ĐKKD"]))
    if not row.registration_number.isalnum():
        errors.append(
            _("The registration number “%(value)s” is not valid.")
            % {"value": _text(raw["Mã số thuế/ĐKKD"])}
        )
    try:
        row.stars = int(_text(raw["Số sao"]))
    except ValueError:
        row.stars = 0
    if row.stars not in (3, 4, 5):
        errors.append(_("Stars must be 3, 4 or 5 (only 3★ and above are recognised)."))
    if _text(raw["Điểm"]):
        try:
            row.score = Decimal(_text(raw["Điểm"]).replace(",", "."))
        except InvalidOperation:
            row.score = None
        if row.score is None or not row.score.is_finite() or not 0 <= row.score <= 100:
            errors.append(_("The score must be a number from 0 to 100."))
    row.decision_number = _text(raw["Số quyết định"])
    row.decision_date = _parse_date(raw["Ngày công nhận"])
    if row.decision_date is None:
        errors.append(_("The recognition date must be written dd/mm/yyyy."))
    row.level = LEVELS.get(fold(_text(raw["Cấp công nhận"])), "")
    if not row.level:
        errors.append(_("The recognising level must be huyện, tỉnh or trung ương."))
    elif (
        row.level == RecognitionLevel.DISTRICT
        and row.decision_date
        and (row.decision_date >= reorganisation()[0])
    ):
        errors.append(_("District councils no longer recognise products from 1 July 2025."))
    row.evaluation_type = TYPES.get(fold(_text(raw["Loại đánh giá"])), "")
    if not row.evaluation_type:
        errors.append(_("The evaluation type must be lần đầu, nâng hạng or đánh giá lại."))
    if _text(raw["Ngày hết hạn"]):
        row.expires_on = _parse_date(raw["Ngày hết hạn"])
        if row.expires_on is None:
            errors.append(_("The expiry date must be written dd/mm/yyyy."))
    elif row.decision_date:
        row.expires_on = row.decision_date + relativedelta(
            months=certificate_validity_months(row.decision_date)
        )
    if row.expires_on and row.decision_date and row.expires_on <= row.decision_date:
        errors.append(_("The expiry date must be after the recognition date."))
    if row.decision_date:
        _resolve_unit(row, ref)


def _resolve_unit(row: RegisterRow, ref: _Reference) -> None:
    # The same number can mean different communes in the two lists (19429 was Thị trấn Khe
    # Sanh, is now Xã Khe Sanh): read it in the list valid on the recognition date.
    code = _text(row.raw["Mã đơn vị hành chính"])
    # the new structure of communes (and the end of district councils) dates from the
    # reorganisation: accounts.reference.reorganisation
    if row.decision_date < reorganisation()[0]:
        row.legacy_commune = ref.legacy.get(code)
        if row.legacy_commune is None:
            row.errors.append(
                _("No commune has code %(code)s in the list valid before 1 July 2025.")
                % {"code": code}
            )
            return
        row.commune = ref.by_id.get(ref.successor.get(row.legacy_commune.pk))
    else:
        row.commune = ref.current.get(code)
        if row.commune is None:
            row.errors.append(
                _("No commune has code %(code)s in the list valid from 1 July 2025.")
                % {"code": code}
            )
            return
    if ref.scope is not None and not ref.scope.__contains__(row.commune.pk):
        row.errors.append(
            _("Commune %(code)s is outside your administrative unit.") % {"code": code}
        )


def preview(
    file,
    *,
    scope_unit_ids: frozenset[int] | None = None,
    progress=None,
    limits: Limits = READ_LIMITS,
) -> RegisterPreview:
    """Read and check every row, and say what a commit would write. Writes nothing.

    `progress(total, checked)` is called once the rows are read and every `BATCH` rows checked.
    """
    # the file first: a workbook too large to read is refused before any lookup is loaded
    rows = [RegisterRow(number=number, raw=raw) for number, raw in read_rows(file, limits)]
    if progress is not None:
        progress(len(rows), 0)
    ref = _Reference(scope_unit_ids)
    seen: dict[tuple, int] = {}
    for checked, row in enumerate(rows, start=1):
        if progress is not None and checked % BATCH == 0:
            progress(len(rows), checked)
        _validate_row(row, ref)
        if row.ok:
            key = (row.registration_number, fold(row.product_name), row.decision_number)
            if key in seen:
                row.errors.append(
                    _("Same product and decision as row %(row)s.") % {"row": seen[key]}
                )
            else:
                seen[key] = row.number
    _match_existing(rows)
    return RegisterPreview(rows=rows)


def _match_existing(rows: list[RegisterRow]) -> None:
    numbers = {row.registration_number for row in rows if row.ok}
    existing = {
        (subject_number, name_key, decision)
        for subject_number, name_key, decision in Certificate.objects.filter(
            product__subject__registration_number__in=numbers
        ).values_list(
            "product__subject__registration_number", "product__name_key", "decision_number"
        )
    }
    for row in rows:
        if row.ok:
            key = (row.registration_number, fold(row.product_name), row.decision_number)
            row.outcome = "unchanged" if key in existing else "new"


BATCH = 50  # rows written per transaction; progress is reported after each batch


def commit(register: RegisterPreview, *, actor, progress=None) -> dict[str, int]:
    """Write every new row through the owning apps' services; callers pass a preview without
    errors (a file with any error writes nothing).

    Rows are written in batches of `BATCH`, each in its own transaction, and `progress(done)` is
    called after each, so a long import shows how far it is. An import stopped half-way (the
    worker died) is simply run again: rows already written are matched and left alone. A row a
    service refuses (its rule or a concurrent change) is counted among `rows_failed` with the
    service's message, and the other rows are still written.
    """

    if not register.ok:
        raise ValueError("a register with errors cannot be committed")
    rows = sorted(
        (r for r in register.rows if r.outcome == "new"), key=lambda r: (r.decision_date, r.number)
    )
    counts = {
        "subjects_created": 0,
        "products_created": 0,
        "certificates_created": 0,
        "certificates_superseded": 0,
        "rows_unchanged": register.unchanged_count,
        "rows_failed": 0,
    }
    failures: list[tuple[int, str]] = []
    subjects: dict[str, Subject] = {}
    products: dict[tuple[int, str], Product] = {}

    def write(row: RegisterRow) -> None:
        subject = subjects.get(row.registration_number)
        if subject is None:
            subject = Subject.objects.filter(registration_number=row.registration_number).first()
        if subject is None:
            subject = subject_create(
                actor=actor,
                name=row.subject_name,
                legal_form=row.legal_form,
                registration_number=row.registration_number,
                commune=row.commune,
                legacy_commune=row.legacy_commune,
            )
            counts["subjects_created"] += 1
        subjects[row.registration_number] = subject
        key = (subject.pk, fold(row.product_name))
        product = products.get(key)
        if product is None:
            product = Product.objects.filter(subject=subject, name_key=key[1]).first()
        if product is None:
            product = product_create(
                actor=actor,
                subject=subject,
                product_set=row.product_set,
                name=row.product_name,
                status=ProductStatus.ACTIVE,
                code_year=row.decision_date.year,
                legacy_commune=row.legacy_commune,
            )
            counts["products_created"] += 1
        products[key] = product
        if Certificate.objects.filter(
            product=product, decision_number=row.decision_number
        ).exists():
            counts["rows_unchanged"] += 1  # written meanwhile (an earlier, interrupted run)
            return
        certificate = certificate_issue(
            actor=actor,
            product=product,
            stars=row.stars,
            score=row.score,
            level=row.level,
            evaluation_type=row.evaluation_type,
            decision_number=row.decision_number,
            decision_date=row.decision_date,
            expires_on=row.expires_on,
            historical=True,
        )
        counts["certificates_created"] += 1
        counts["certificates_superseded"] += certificate.replaced

    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            for row in rows[start : start + BATCH]:
                try:
                    with transaction.atomic():
                        write(row)
                except (TransitionError, ValidationError, PermissionDenied) as error:
                    subjects.pop(row.registration_number, None)
                    products.clear()  # a rolled-back product must not be reused
                    counts["rows_failed"] += 1
                    failures.append((row.number, _refusal(error)))
            # Rows are written past the per-record signals' batching: retire public pages once.
            transaction.on_commit(lambda: pagecache.invalidate(pagecache.ALL))
        if progress is not None:
            progress(min(start + BATCH, len(rows)))
    counts["failures"] = failures
    return counts


def _refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, PermissionDenied):
        return _("The commune is outside your administrative unit.")
    return str(error)


# --- Import jobs ---------------------------------------------------------------------------------


# The register is the province's: the provincial department imports it for the whole province.
IMPORTERS = PROVINCE_OFFICE
SHOWN_ERRORS = 50  # rows with errors kept for the result page; the others are only counted


class TooLargeToRunHere(Exception):
    """The file has more rows than a request checks or imports itself: a worker does it."""


def job_create(*, actor, upload, language: str = "vi"):
    """Record an uploaded register file as a job to check; the caller then runs or queues it."""

    require_role(actor, IMPORTERS)
    job = ImportJob(
        created_by=actor,
        unit_id=scope_for(actor).unit_id,
        language=language,
        file_name=(getattr(upload, "name", "") or "")[:255],
    )
    upload.seek(0)
    job.file.save("register.xlsx", upload, save=False)
    job.save()
    return job


def job_start(job, *, inline_max_rows: int | None = None) -> str:
    """Run a queued job here when it is small (at most `inline_max_rows` rows: the importer sees
    the result at once, with no worker involved), else hand it to a worker."""

    if inline_max_rows is not None:
        outcome = job_run(job.pk, inline_max_rows=inline_max_rows)
        if outcome != "too large":
            return outcome
    enqueue(run_register_import, job.pk)
    return "queued"


def job_apply(*, actor, job) -> None:
    """The importer confirms a checked, valid file: the same file is imported."""

    require_role(actor, IMPORTERS)
    updated = ImportJob.objects.filter(
        pk=job.pk, phase=ImportPhase.CHECK, status=ImportStatus.DONE, error_rows=0
    ).update(phase=ImportPhase.APPLY, status=ImportStatus.QUEUED, processed_rows=0)
    if not updated or not job.file:
        raise TransitionError(_("This file cannot be imported; upload it again."))


def job_retry(*, actor, job) -> None:
    """A job that failed (its worker stopped) runs again from the same file; rows already
    imported are recognised and left alone."""

    require_role(actor, IMPORTERS)
    if not job.file or not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.FAILED).update(
        status=ImportStatus.QUEUED, processed_rows=0, failure=""
    ):
        raise TransitionError(_("This import cannot be run again; upload the file again."))


def job_mark_stalled(job) -> bool:
    """A job running far longer than any import takes lost its worker: it is failed (not
    retried by itself: the importer sees what happened and runs it again, and the rows already
    written are then left alone). The worker that held it, were it still alive, can no longer
    record anything: its attempt is over."""

    if not job.stalled():
        return False
    with translation.override(job.language):
        reason = _("The import stopped without finishing (its worker stopped); run it again.")
    return bool(
        ImportJob.objects.filter(
            pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts
        ).fail(reason, attempts=F("attempts") + 1)
    )


def job_run(job_id: int, *, inline_max_rows: int | None = None) -> str:
    """Check or import one job's file, recording progress on the job; the worker's entry point
    (and the request's, for a small file). A job already taken by another run is left alone."""

    if ImportJob.objects.claim(job_id) is None:
        return "already taken"
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            return _job_run(job, inline_max_rows)
        except TooLargeToRunHere:
            ImportJob.objects.filter(pk=job_id).update(
                status=ImportStatus.QUEUED, started_at=None, attempts=F("attempts") - 1
            )
            return "too large"
        except Exception as error:  # a bug or bad data: shown to the importer, not retried
            logger.exception("register import %s failed", job_id)
            _job_fail(
                job,
                _("The import stopped because of an error (%(error)s).")
                % {"error": type(error).__name__},
            )
            return "failed"


def _job_fail(job, reason: str, **fields) -> None:
    # only this run's attempt: a run the sweep declared dead records nothing more
    ImportJob.objects.filter(pk=job.pk, attempts=job.attempts).fail(reason, **fields)


def _job_finish(job, *, keep_file: bool, **fields) -> None:

    if not keep_file and job.file:
        job.file.delete(save=False)
        fields["file"] = ""
    ImportJob.objects.filter(pk=job.pk, attempts=job.attempts).finish(**fields)


def _job_run(job, inline_max_rows: int | None) -> str:

    actor = job.created_by
    if not has_role(actor, IMPORTERS):  # the importer's role was taken away meanwhile
        _job_fail(job, _("You may no longer import the register."))
        return "failed"
    if not job.file:
        _job_fail(job, _("The uploaded file is no longer kept; upload it again."))
        return "failed"
    mine = ImportJob.objects.filter(pk=job.pk, attempts=job.attempts)
    applying = job.phase == ImportPhase.APPLY

    def checked(total: int, done: int) -> None:
        if applying:  # the file is checked again before it is written: show the writing only
            return
        if inline_max_rows is not None and total > inline_max_rows:
            raise TooLargeToRunHere
        mine.update(total_rows=total, processed_rows=done)

    limits = READ_LIMITS
    if inline_max_rows is not None:
        limits = replace(READ_LIMITS, max_rows=inline_max_rows)
    try:
        with job.file.open("rb") as file:
            register = preview(
                file, scope_unit_ids=scope_for(actor).unit_ids, progress=checked, limits=limits
            )
    except RegisterFileError as error:
        if inline_max_rows is not None and isinstance(error.__cause__, WorkbookTooLarge):
            raise TooLargeToRunHere from error
        _job_fail(job, str(error))
        if job.file:
            job.file.delete(save=False)
            mine.update(file="")
        return "failed"
    summary = _summary(register)
    if not applying:
        _job_finish(
            job,
            keep_file=register.ok and register.new_count > 0,
            processed_rows=len(register.rows),
            **summary,
        )
        return "checked"
    if not register.ok:
        _job_fail(job, _("The file has errors; nothing was imported."), **summary)
        return "failed"
    # from here the bar measures the writing: the rows to write, not the file's rows
    mine.update(**{**summary, "total_rows": register.new_count, "processed_rows": 0})
    counts = commit(register, actor=actor, progress=lambda done: mine.update(processed_rows=done))
    failures = counts.pop("failures")
    fields = {"counts": counts}
    if failures:
        fields["errors"] = [[number, [message]] for number, message in failures[:SHOWN_ERRORS]]
        fields["error_rows"] = len(failures)
        fields["error_counts"] = Counter(message for _n, message in failures).most_common(10)
    _job_finish(job, keep_file=False, processed_rows=register.new_count, **fields)
    return "imported"


def _summary(register: RegisterPreview) -> dict:
    errors = register.errors
    return {
        "total_rows": len(register.rows),
        "new_rows": register.new_count,
        "unchanged_rows": register.unchanged_count,
        "error_rows": len(errors),
        "errors": [[row.number, row.errors] for row in errors[:SHOWN_ERRORS]],
        "error_counts": [list(pair) for pair in register.error_counts],
    }
