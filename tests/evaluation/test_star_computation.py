"""The council's result on hand-checked cases, on the real sheets of both criteria versions."""

from decimal import Decimal

import pytest

from evaluation import scoring
from evaluation.models import CriteriaSheet, CriteriaVersion
from evaluation.sheets import sheet_criteria, version_bands

pytestmark = pytest.mark.django_db

VERSIONS = ["qd148-2023", "qd26-2026"]


def _sheet(version_code, set_code="I.6"):
    sheet = CriteriaSheet.objects.get(version__code=version_code, product_set__code=set_code)
    return sheet, sheet_criteria(sheet), version_bands(sheet.version)


def best(criteria):
    return {c.id: max(c.options, key=lambda o: o.points).id for c in criteria}


def worst(criteria):
    return {c.id: min(c.options, key=lambda o: o.points).id for c in criteria}


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(
    ("score", "stars"),
    [
        ("49.99", 2),
        ("50", 3),
        ("69.99", 3),
        ("70", 4),
        ("89.99", 4),
        ("90", 5),
        ("29.99", 1),
        ("30", 2),
        ("100", 5),
    ],
)
def test_band_edges(version, score, stars):
    bands = version_bands(CriteriaVersion.objects.get(code=version))
    assert scoring.band_stars(Decimal(score), bands) == stars


@pytest.mark.parametrize("version", VERSIONS)
def test_the_best_answers_everywhere_score_100_and_5_stars(version):
    sheet, criteria, bands = _sheet(version, "I.1.a")
    result = scoring.council_result(criteria, {1: best(criteria), 2: best(criteria)}, bands)
    assert result.average == Decimal("100.00")
    assert (result.band_stars, result.minima_stars, result.final_stars) == (5, 5, 5)


def test_a_printed_option_above_its_maximum_is_capped():
    # QĐ 26/2026 set 4 criterion 7 prints 13 points for an option of a 3-point criterion (A03)
    sheet, criteria, bands = _sheet("qd26-2026", "I.2.b")
    criterion = next(c for c in criteria if any(o.points == 13 for o in c.options))
    answers = {criterion.id: next(o.id for o in criterion.options if o.points == 13)}
    assert scoring.sheet_total([criterion], answers) == criterion.max_points == 3


def _marked(criteria, level):
    """A criterion with an option marked as the minimum for `level` stars, above its lowest."""
    for c in criteria:
        marked = [o for o in c.options if o.min_for_stars == level]
        lower = [o for o in c.options if marked and o.points < marked[0].points]
        if marked and lower:
            return c, marked[0], min(lower, key=lambda o: o.points)
    raise AssertionError(f"no criterion marked for {level}★")


@pytest.mark.parametrize("version", VERSIONS)
def test_a_minimum_not_met_lowers_the_stars(version):
    sheet, criteria, bands = _sheet(version, "I.1.a")
    criterion, marked, lower = _marked(criteria, 5)
    answers = best(criteria)
    answers[criterion.id] = lower.id  # loses a few points but stays ≥ 90 in total
    result = scoring.council_result(criteria, {1: answers, 2: answers, 3: answers}, bands)
    assert result.average >= 90
    assert result.band_stars == 5 and result.minima_stars == 4 and result.final_stars == 4


def test_minima_are_cumulative():
    sheet, criteria, bands = _sheet("qd26-2026", "I.1.a")
    criterion, marked, lower = _marked(criteria, 3)
    answers = best(criteria)
    answers[criterion.id] = lower.id  # misses the 3★ minimum: 4★ and 5★ are out too
    result = scoring.council_result(criteria, {1: answers}, bands)
    assert result.minima_stars == 2 and result.final_stars == 2


def test_a_knocked_out_dossier_gets_no_stars():
    sheet, criteria, bands = _sheet("qd26-2026")
    result = scoring.council_result(criteria, {1: best(criteria)}, bands, ruled_out=True)
    assert result.average == 100 and result.final_stars == 0


def test_a_recused_member_does_not_count_in_the_average():
    sheet, criteria, bands = _sheet("qd26-2026")
    # the caller passes only counted sheets: two members at 100, the recused one left out
    with_recused = scoring.council_result(
        criteria, {1: best(criteria), 2: best(criteria), 3: worst(criteria)}, bands
    )
    without = scoring.council_result(criteria, {1: best(criteria), 2: best(criteria)}, bands)
    assert without.average == 100 and without.counted == 2
    assert with_recused.average < 100


def test_the_spread_between_members_totals_is_reported():
    sheet, criteria, bands = _sheet("qd26-2026")
    result = scoring.council_result(criteria, {1: best(criteria), 2: worst(criteria)}, bands)
    assert result.spread == result.totals[1] - result.totals[2] > 10


def test_a_tie_in_the_majority_answer_goes_to_the_lower_option():
    high = scoring.Option(id=1, points=Decimal(3), min_for_stars=4)
    low = scoring.Option(id=2, points=Decimal(1))
    criterion = scoring.Criterion(id=9, max_points=Decimal(3), options=(low, high))
    assert scoring.majority_option(criterion, [1, 2]) == low
    assert scoring.majority_option(criterion, [1, 1, 2]) == high
    filler = scoring.Criterion(
        id=10, max_points=Decimal(97), options=(scoring.Option(id=3, points=Decimal(97)),)
    )
    bands = [
        (5, Decimal(90)),
        (4, Decimal(70)),
        (3, Decimal(50)),
        (2, Decimal(30)),
        (1, Decimal(0)),
    ]
    tie = scoring.council_result([criterion, filler], {1: {9: 1, 10: 3}, 2: {9: 2, 10: 3}}, bands)
    assert tie.average == Decimal("99.00")
    assert tie.minima_stars == 3  # the tied answer is the lower one: the 4★ minimum is missed
    per_member = scoring.council_result(
        [criterion, filler], {1: {9: 1, 10: 3}, 2: {9: 2, 10: 3}}, bands, minima_mode="per_member"
    )
    assert per_member.minima_stars == 3


def test_averages_are_rounded_to_two_decimals():
    option = [scoring.Option(id=n, points=Decimal(n)) for n in (91, 92, 94)]
    criterion = scoring.Criterion(id=1, max_points=Decimal(100), options=tuple(option))
    bands = [(5, Decimal(90)), (1, Decimal(0))]
    result = scoring.council_result([criterion], {1: {1: 91}, 2: {1: 92}, 3: {1: 94}}, bands)
    assert result.average == Decimal("92.33")


def test_148_intellectual_property_heading_marker_needs_some_points_for_4_stars():
    sheet, criteria, bands = _sheet("qd148-2023")
    criterion = next(c for c in criteria if c.min_stars_for_any_points == 4)
    answers = best(criteria)
    del answers[criterion.id]  # its options all score; only an unanswered 3.6 scores nothing
    result = scoring.council_result(criteria, {1: answers}, bands)
    assert result.minima_stars == 3
