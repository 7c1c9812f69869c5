from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import seed_users
from evaluation.demo import seed_councils, seed_register, seed_round
from producers.demo import seed_producer_accounts
from products.demo import seed_ideas_and_plans
from promotion.demo import seed_promotion
from reports.demo import seed_plan
from subjects.demo import seed_subject_details

# Each step is idempotent; later modules add their demo data here, in dependency order.
STEPS = [
    ("users", seed_users),
    ("councils", seed_councils),
    ("register of recognised products", seed_register),
    ("producer details", seed_subject_details),
    ("producers' accounts", seed_producer_accounts),
    ("ideas and business plans", seed_ideas_and_plans),
    ("evaluation round", seed_round),
    ("trade promotion", seed_promotion),
    ("plan 180 schedule and training", seed_plan),
]


class Command(BaseCommand):
    help = "Create demo data (idempotent). Requires load_reference_data first."

    @transaction.atomic
    def handle(self, *args, **options):
        for label, step in STEPS:
            counts = step()
            summary = ", ".join(f"{key}={value}" for key, value in counts.items())
            self.stdout.write(f"{label}: {summary}")
