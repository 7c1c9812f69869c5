"""Terms the procedure rules set for a certificate's life, read from the rules in force
(ProcedureRuleSet, loaded from evaluation/data/procedure_rules.json with their legal basis)
rather than written into the code: when the next decision changes them, only its rule set is
added.

The rule sets are reference data that change with a new legal decision, not during a day's
work: they are read once per process (the loader clears the copy when it writes them).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils import timezone

from evaluation.models.criteria import CriteriaVersion, ProcedureLevel, ProcedureRuleSet


@dataclass(frozen=True)
class RenewalTerms:
    """Re-evaluation is filed from `opens_days` until `closes_days` before expiry; holders are
    reminded at each of `reminder_days` (the last call included)."""

    code: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    opens_days: int
    closes_days: int
    last_call_days: int
    legal_basis: str

    @property
    def reminder_days(self) -> tuple[int, ...]:
        return (self.opens_days, self.closes_days, self.last_call_days)


@functools.cache
def _all_terms() -> tuple[RenewalTerms, ...]:
    found = tuple(
        RenewalTerms(
            code=rules.code,
            effective_from=rules.effective_from,
            effective_to=rules.effective_to,
            opens_days=rules.renewal_opens_days,
            closes_days=rules.renewal_closes_days,
            last_call_days=rules.expiry_notice_days,
            legal_basis=rules.renewal_basis,
        )
        for rules in ProcedureRuleSet.objects.filter(
            renewal_opens_days__isnull=False,
            renewal_closes_days__isnull=False,
            expiry_notice_days__isnull=False,
        ).order_by("effective_from")
    )
    if not found:  # an exception is not cached: the next call reads again
        raise ProcedureRuleSet.DoesNotExist(
            "no procedure rules with renewal terms; run load_reference_data"
        )
    return found


def renewal_terms(day: datetime.date | None = None) -> RenewalTerms:
    """The renewal terms in force on `day` (today by default). Rules that set none (QĐ
    1048/2019) are read with the next rules' terms, the first the portal knows."""
    terms = _all_terms()
    day = day or timezone.localdate()
    for item in terms:
        if item.effective_from <= day and (item.effective_to is None or day <= item.effective_to):
            return item
    later = [item for item in terms if item.effective_from > day]
    return later[0] if later else terms[-1]


renewal_terms.cache_clear = _all_terms.cache_clear


def recognising_level(stars: int, day: datetime.date | None = None) -> str | None:
    """The level whose council recognises `stars` under the rules in force on `day`: the one
    that may also revoke it (QĐ 148/2023, QĐ 26/2026: the province 3★ and 4★, the ministry
    5★)."""
    day = day or timezone.localdate()
    levels = ProcedureLevel.objects.filter(rules__effective_from__lte=day).exclude(
        rules__effective_to__lt=day
    )
    for level in levels.order_by("position"):
        if level.recognises(stars):
            return level.level
    return None


@functools.cache
def _validity_terms() -> tuple[tuple[datetime.date, datetime.date | None, int], ...]:
    found = tuple(
        CriteriaVersion.objects.order_by("effective_from").values_list(
            "effective_from", "effective_to", "certificate_validity_months"
        )
    )
    if not found:
        raise CriteriaVersion.DoesNotExist("no criteria versions; run load_reference_data")
    return found


def certificate_validity_months(day: datetime.date) -> int:
    """Months a recognition decided on `day` stays valid: the term the criteria version in force
    then sets (QĐ 148/2023, QĐ 26/2026); before the first version the portal holds, that
    version's term. Read once per process: a register import asks it for every row."""
    validity = _validity_terms()
    in_force = [
        months for start, end, months in validity if start <= day and (end is None or day <= end)
    ]
    return in_force[-1] if in_force else validity[0][2]


certificate_validity_months.cache_clear = _validity_terms.cache_clear
