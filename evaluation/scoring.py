"""The council's result, computed exactly as the rules say (OCOP brief §4).

Pure functions over plain values, so that every rule can be checked on hand-made cases:

- each counted member's total is the sum of their answers' points, each criterion capped at
  its printed maximum (two sheets print an option above it: anomalies A03/A04 of QĐ 26/2026);
- the council's score is the average of the counted members' totals, with two decimals;
- the score band gives stars (5★ ≥ 90, 4★ ≥ 70, 3★ ≥ 50, 2★ ≥ 30, else 1★; from the version);
- the star minima give the highest level whose marked minimum answers are all met, levels
  being cumulative, judged on the majority answer (ties to the lower option) or on every
  member's sheet, as the council decides;
- final stars are the lower of the two; a dossier the council ruled out gets none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
STAR_LEVELS = (3, 4, 5)


@dataclass(frozen=True)
class Option:
    id: int
    points: Decimal
    min_for_stars: int | None = None


@dataclass(frozen=True)
class Criterion:
    id: int
    max_points: Decimal
    options: tuple[Option, ...]
    min_stars_for_any_points: int | None = None

    def option(self, option_id: int) -> Option:
        return next(o for o in self.options if o.id == option_id)


Answers = Mapping[int, int]  # criterion id → option id


@dataclass
class Result:
    average: Decimal
    band_stars: int
    minima_stars: int
    final_stars: int
    counted: int
    spread: Decimal
    totals: dict = field(default_factory=dict)


def sheet_total(criteria: Iterable[Criterion], answers: Answers) -> Decimal:
    total = Decimal(0)
    for criterion in criteria:
        option_id = answers.get(criterion.id)
        if option_id is not None:
            total += min(criterion.option(option_id).points, criterion.max_points)
    return total


def band_stars(score: Decimal, bands: Iterable[tuple[int, Decimal]]) -> int:
    """bands: (stars, lowest score), from 5★ down."""
    for stars, lowest in sorted(bands, reverse=True):
        if score >= lowest:
            return stars
    return 1


def _meets(criterion: Criterion, option: Option | None, level: int) -> bool:
    points = option.points if option else Decimal(0)
    for marked in criterion.options:
        required = marked.min_for_stars is not None and marked.min_for_stars <= level
        if required and points < marked.points:
            return False
    needed = criterion.min_stars_for_any_points
    return not (needed is not None and needed <= level and points <= 0)


def minima_stars(criteria: Iterable[Criterion], answer_for) -> int:
    """Highest of 3/4/5★ whose minima (cumulative) are all met; 2 when even 3★'s are not."""
    criteria = list(criteria)
    reached = 2
    for level in STAR_LEVELS:
        if all(_meets(c, answer_for(c), level) for c in criteria):
            reached = level
        else:
            break
    return reached


def majority_option(criterion: Criterion, chosen: list[int]) -> Option | None:
    """The answer most members chose; a tie goes to the lower option."""
    if not chosen:
        return None
    counts = Counter(chosen)
    best = max(counts.values())
    tied = [criterion.option(option_id) for option_id, n in counts.items() if n == best]
    return min(tied, key=lambda o: o.points)


def council_result(
    criteria: Iterable[Criterion],
    sheets: Mapping[int, Answers],
    bands: Iterable[tuple[int, Decimal]],
    *,
    minima_mode: str = "majority",
    ruled_out: bool = False,
) -> Result:
    """`sheets`: member id → answers, for the counted (submitted, not recused) members."""
    criteria = list(criteria)
    bands = list(bands)
    totals = {member: sheet_total(criteria, answers) for member, answers in sheets.items()}
    if not totals:
        return Result(Decimal(0), 0, 0, 0, 0, Decimal(0), {})
    average = (sum(totals.values()) / len(totals)).quantize(TWO_PLACES, ROUND_HALF_UP)
    spread = max(totals.values()) - min(totals.values())
    by_band = band_stars(average, bands)
    if minima_mode == "per_member":
        by_minima = min(
            minima_stars(criteria, lambda c, a=answers: c.option(a[c.id]) if c.id in a else None)
            for answers in sheets.values()
        )
    else:
        by_minima = minima_stars(
            criteria,
            lambda c: majority_option(c, [a[c.id] for a in sheets.values() if c.id in a]),
        )
    final = 0 if ruled_out else min(by_band, by_minima)
    return Result(average, by_band, by_minima, final, len(totals), spread, totals)
