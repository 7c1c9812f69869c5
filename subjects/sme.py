"""Size class of an enterprise (doanh nghiệp siêu nhỏ, nhỏ, vừa) from its recorded figures.

The thresholds are reference data, versioned and dated with their legal source
(`subjects/data/sme_thresholds.json`; Nghị định 80/2021/NĐ-CP, Điều 5, from 15/10/2021): by
sector group, a class's limit on the yearly average of social-insured labour, and on yearly
revenue or total capital (either is enough). A size class recorded on the producer by hand
overrides the figures (a certificate of the planning office may say otherwise); an enterprise
with neither is "not classified".
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data" / "sme_thresholds.json"


class SmeSize(models.TextChoices):
    """The classes a size may be recorded as by hand (`Subject.sme_size`), smallest first."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")


CLASSES = tuple(SmeSize.values)
LARGE = "large"  # above the medium limits: not an SME
UNKNOWN = ""  # "chưa phân loại"
LABELS = {
    **dict(SmeSize.choices),
    LARGE: _("Large enterprise, not an SME"),
    UNKNOWN: _("not classified by size"),
}


@dataclass(frozen=True)
class Version:
    code: str
    legal_source: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    sectors: dict


@cache
def versions() -> tuple[Version, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))["versions"]
    return tuple(
        Version(
            code=item["code"],
            legal_source=item["legal_source"],
            valid_from=datetime.date.fromisoformat(item["valid_from"]),
            valid_to=datetime.date.fromisoformat(item["valid_to"]) if item["valid_to"] else None,
            sectors=item["sectors"],
        )
        for item in raw
    )


def version_on(day: datetime.date | None = None) -> Version:
    """The thresholds in force on `day` (the earliest version before its start)."""
    day = day or datetime.date.today()
    found = [
        v for v in versions() if v.valid_from <= day and (v.valid_to is None or day <= v.valid_to)
    ]
    return found[-1] if found else versions()[0]


@dataclass(frozen=True)
class Classification:
    size: str  # micro / small / medium / large, or "" when not classified
    recorded: bool  # the size class was recorded by hand
    legal_source: str

    @property
    def is_sme(self) -> bool:
        return self.size in CLASSES

    @property
    def label(self) -> str:
        return LABELS[self.size]


def classify_figures(
    sector: str,
    labour: int | None,
    revenue: Decimal | int | None,
    capital: Decimal | int | None,
    *,
    day: datetime.date | None = None,
) -> str:
    """micro / small / medium / large from the figures, or "" when they do not decide it."""
    limits = version_on(day).sectors.get(sector)
    if limits is None or labour is None or (revenue is None and capital is None):
        return UNKNOWN
    for size in CLASSES:
        limit = limits[size]
        money_fits = (revenue is not None and revenue <= limit["revenue"]) or (
            capital is not None and capital <= limit["capital"]
        )
        if labour <= limit["labour"] and money_fits:
            return size
    return LARGE


def classify(subject, day: datetime.date | None = None) -> Classification:
    """The size class of a producer of the enterprise form: recorded, else from its figures."""
    source = version_on(day).legal_source
    if subject.sme_size:
        return Classification(subject.sme_size, True, source)
    size = classify_figures(
        subject.sme_sector,
        subject.insured_labour,
        subject.annual_revenue,
        subject.total_capital,
        day=day,
    )
    return Classification(size, False, source)
