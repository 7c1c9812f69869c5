from django.core.management.base import BaseCommand

from accounts.reference import load_admin_units
from evaluation.criteria_loader import load_criteria, load_procedure_rules, load_public_holidays
from ocop_portal import pagecache
from products.reference import load_classification
from reports.reference import load_activities, load_targets

# Each loader is idempotent and returns counts of what it wrote. Later reference data
# (criteria versions, procedure rules, plan targets) joins this list.
LOADERS = [
    ("administrative units", load_admin_units),
    ("product classification", load_classification),
    ("scoring sheets", load_criteria),
    ("procedure rules", load_procedure_rules),
    ("public holidays", lambda: {"days": load_public_holidays()}),
    ("plan 180 targets", load_targets),
    ("plan 180 activity schedule", load_activities),
]


class Command(BaseCommand):
    help = "Load the portal's reference data (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        for label, loader in LOADERS:
            counts = loader()
            summary = ", ".join(f"{key}={value}" for key, value in counts.items())
            self.stdout.write(f"{label}: {summary}")
        # Unit names and sectors show on every public page.
        pagecache.invalidate(pagecache.ALL)
