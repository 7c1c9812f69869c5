from celery import shared_task

from products.selectors import refresh_stars_in_force


@shared_task(name="products.tasks.refresh_stars_in_force")
def refresh_stars_in_force_task() -> int:
    """Nightly (Celery beat, just after midnight in Vietnam): bring forward the maintained
    stars of products whose certificate expired or began today. Lists stay right without it
    (they compute those products' stars from the certificates); this only keeps them cheap."""
    return refresh_stars_in_force()
