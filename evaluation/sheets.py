"""Turn a stored scoring sheet into the plain values the scoring rules work on."""

from evaluation import scoring
from evaluation.models import CriteriaSheet


def sheet_criteria(sheet: CriteriaSheet) -> list[scoring.Criterion]:
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
