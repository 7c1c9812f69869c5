"""Turn a stored scoring sheet into the plain values the scoring rules work on."""

from decimal import Decimal

from django.core.cache import cache

from evaluation import scoring
from evaluation.models import CriteriaSheet

# A criteria sheet in use does not change (a round's criteria version is fixed once the round
# opens; a new text is a new version), so its criteria are read once and kept in the shared
# cache; the key names the sheet and its version, and an entry lives ten minutes at most.
CRITERIA_SECONDS = 600


def _cached(kind: str, sheet: CriteriaSheet, build):

    key = f"ocop:criteria:{kind}:{sheet.pk}:{sheet.version_id}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CRITERIA_SECONDS)
    return value


def criteria_parts(sheet: CriteriaSheet) -> list:
    """The sheet's parts with their groups, criteria and options, as the scoring page and the
    printed sheet lay them out."""
    return _cached(
        "parts",
        sheet,
        lambda: list(sheet.parts.prefetch_related("groups__criteria__options")),
    )


def sheet_criteria(sheet: CriteriaSheet) -> list[scoring.Criterion]:
    return _cached("rules", sheet, lambda: _sheet_criteria(sheet))


def _sheet_criteria(sheet: CriteriaSheet) -> list[scoring.Criterion]:
    criteria = sheet.criteria.prefetch_related("options").order_by("position")
    return [
        scoring.Criterion(
            id=c.pk,
            max_points=c.max_points,
            min_stars_for_any_points=c.min_stars_for_any_points,
            options=tuple(
                scoring.Option(id=o.pk, points=o.points, min_for_stars=o.min_for_stars)
                for o in c.options.all()
            ),
        )
        for c in criteria
    ]


def version_bands(version) -> list[tuple[int, object]]:
    return [(band.stars, band.min_score) for band in version.bands.all()]


def printed_parts(parts, answers: dict) -> list[dict]:
    """A member's answers laid out as the printed sheet: Phần A/B/C with their criteria, the
    chosen answer and its points, and each part's subtotal (the total is printed once)."""

    printed = []
    for part in parts:
        rows, subtotal = [], Decimal(0)
        for group in part.groups.all():
            rows.append({"group": group})
            for criterion in group.criteria.all():
                chosen = next(
                    (o for o in criterion.options.all() if o.pk == answers.get(criterion.pk)),
                    None,
                )
                if chosen is not None:
                    subtotal += chosen.points
                rows.append({"criterion": criterion, "option": chosen})
        printed.append({"part": part, "rows": rows, "subtotal": subtotal})
    return printed
