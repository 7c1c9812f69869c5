"""Import of the province's existing register of recognised OCOP products (2019–2025) from Excel.

One row = one recognition of one product. Reading is separate from writing, so the same code
gives the dry-run preview and the all-or-nothing commit. Matching makes a re-import change
nothing: producers by normalised registration number, products by producer + name, recognitions
by decision number + product.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from simple_history.utils import bulk_create_with_history

from accounts.models import AdministrativeUnit, UnitLevel, UnitSuccession
from evaluation.models import (
    Certificate,
    CertificateSource,
    EvaluationType,
    RecognitionLevel,
)
from ocop_portal import pagecache
from ocop_portal.bounded_xlsx import Limits, WorkbookError
from ocop_portal.bounded_xlsx import read_rows as read_workbook_rows
from ocop_portal.bounds import EARLIEST_DATE, LATEST_DATE
from ocop_portal.text import fold, normalise_registration_number
from products.models import Product, ProductSet, ProductStatus
from subjects.models import TOURISM_ONLY_FORMS, LegalForm, Subject

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
# The new structure of communes and the end of district councils both date from 1 July 2025
# (Nghị quyết 1680/NQ-UBTVQH15; Quyết định 1489/QĐ-TTg).
REORGANISATION = datetime.date(2025, 7, 1)
CERTIFICATE_MONTHS = 36  # QĐ 148/2023 and QĐ 26/2026: a certificate is valid 36 months


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
        from collections import Counter

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
            "dd/mm/yyyy; ngày hết hạn không bắt buộc (mặc định 36 tháng kể từ ngày công nhận)",
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
    year-9999 recognition would overflow its expiry 36 months later."""
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


def read_rows(file) -> list[tuple[int, dict]]:
    """The data rows of the first sheet, keyed by header, with their spreadsheet row numbers."""
    try:
        rows = read_workbook_rows(file, READ_LIMITS)
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
        and (row.decision_date >= REORGANISATION)
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
        row.expires_on = row.decision_date + relativedelta(months=CERTIFICATE_MONTHS)
    if row.expires_on and row.decision_date and row.expires_on <= row.decision_date:
        errors.append(_("The expiry date must be after the recognition date."))
    if row.decision_date:
        _resolve_unit(row, ref)


def _resolve_unit(row: RegisterRow, ref: _Reference) -> None:
    # The same number can mean different communes in the two lists (19429 was Thị trấn Khe
    # Sanh, is now Xã Khe Sanh): read it in the list valid on the recognition date.
    code = _text(row.raw["Mã đơn vị hành chính"])
    if row.decision_date < REORGANISATION:
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


def preview(file, *, scope_unit_ids: frozenset[int] | None = None) -> RegisterPreview:
    """Read and check every row, and say what a commit would write. Writes nothing."""
    # the file first: a workbook too large to read is refused before any lookup is loaded
    rows = [RegisterRow(number=number, raw=raw) for number, raw in read_rows(file)]
    ref = _Reference(scope_unit_ids)
    seen: dict[tuple, int] = {}
    for row in rows:
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


@transaction.atomic
def commit(register: RegisterPreview, *, actor=None) -> dict[str, int]:
    """Write every new row, or nothing: callers pass a preview without errors."""
    if not register.ok:
        raise ValueError("a register with errors cannot be committed")
    # Rows are written in bulk, past the model signals that retire public pages one by one.
    pagecache.invalidate(pagecache.ALL)
    transaction.on_commit(lambda: pagecache.invalidate(pagecache.ALL))
    rows = sorted(
        (r for r in register.rows if r.outcome == "new"), key=lambda r: (r.decision_date, r.number)
    )
    numbers = {row.registration_number for row in rows}
    subjects = {
        s.registration_number: s for s in Subject.objects.filter(registration_number__in=numbers)
    }
    new_subjects = []
    for row in rows:
        if row.registration_number not in subjects:
            subject = Subject(
                name=row.subject_name,
                legal_form=row.legal_form,
                registration_number=row.registration_number,
                commune=row.commune,
                legacy_commune=row.legacy_commune,
                created_by=actor,
            )
            subject.set_derived_fields()
            subjects[row.registration_number] = subject
            new_subjects.append(subject)
    bulk_create_with_history(new_subjects, Subject, batch_size=500, default_user=actor)
    subjects = {
        s.registration_number: s for s in Subject.objects.filter(registration_number__in=numbers)
    }

    products = {
        (p.subject_id, p.name_key): p for p in Product.objects.filter(subject__in=subjects.values())
    }
    counters: dict[str, int] = {}
    new_products = []
    for row in rows:
        subject = subjects[row.registration_number]
        key = (subject.pk, fold(row.product_name))
        if key in products:
            continue
        product = Product(
            subject=subject,
            product_set=row.product_set,
            name=row.product_name,
            status=ProductStatus.ACTIVE,
            created_by=actor,
        )
        product.code = _product_code(row, counters)
        if row.legacy_commune is not None:
            # Before July 2025 codes carried the district: province-district-commune-seq-year.
            legacy = row.legacy_commune
            sequence, year = product.code.rsplit("-", 2)[-2:]
            product.legacy_code = (
                f"{legacy.parent.parent.code}-{legacy.parent.code}-{legacy.code}-{sequence}-{year}"
            )
        product.set_derived_fields()
        products[key] = product
        new_products.append(product)
    bulk_create_with_history(new_products, Product, batch_size=500, default_user=actor)
    products = {
        (p.subject_id, p.name_key): p for p in Product.objects.filter(subject__in=subjects.values())
    }

    certificates = []
    for row in rows:
        product = products[(subjects[row.registration_number].pk, fold(row.product_name))]
        certificates.append(
            Certificate(
                product=product,
                stars=row.stars,
                score=row.score,
                level=row.level,
                evaluation_type=row.evaluation_type,
                decision_number=row.decision_number,
                decision_date=row.decision_date,
                issued_on=row.decision_date,
                expires_on=row.expires_on,
                source=CertificateSource.IMPORTED,
            )
        )
    bulk_create_with_history(certificates, Certificate, batch_size=500, default_user=actor)
    superseded = _mark_superseded({c.product_id for c in certificates}, actor)
    return {
        "subjects_created": len(new_subjects),
        "products_created": len(new_products),
        "certificates_created": len(certificates),
        "certificates_superseded": superseded,
        "rows_unchanged": register.unchanged_count,
    }


def _product_code(row: RegisterRow, counters: dict[str, int]) -> str:
    """Current-format code (province-commune-sequence-year), numbered within commune and year."""
    year = row.decision_date.year
    prefix = f"{row.commune.parent.code}-{row.commune.code}-" if row.commune.parent_id else ""
    key = f"{prefix}|{year}"
    if key not in counters:
        counters[key] = Product.objects.filter(
            code__startswith=prefix, code__endswith=f"-{year}"
        ).count()
    counters[key] += 1
    return f"{prefix}{counters[key]:03d}-{year}"


def _mark_superseded(product_ids: set[int], actor) -> int:
    """An upgrade or re-evaluation replaces the product's earlier recognition from its date."""
    count = 0
    by_product: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.filter(product_id__in=product_ids).order_by(
        "decision_date", "pk"
    ):
        by_product.setdefault(certificate.product_id, []).append(certificate)
    for chain in by_product.values():
        for older, newer in zip(chain, chain[1:], strict=False):
            if older.superseded_on is None and older.decision_date < newer.decision_date:
                older.superseded_on = newer.decision_date
                older._history_user = actor
                older.save(update_fields=["superseded_on"])
                count += 1
    return count
