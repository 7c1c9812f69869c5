import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from accounts.models import AdministrativeUnit
from reports import documents
from reports.kpi import compute, plan_territory


class Command(BaseCommand):
    # A report is read-only work; the project's checks belong to deployment, not to each run.
    requires_system_checks = []
    help = (
        "Plan 180's indicators as of a date for a unit: JSON on standard output, or a PDF "
        "or XLSX report written to --output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", required=True, type=datetime.date.fromisoformat, help="YYYY-MM-DD"
        )
        parser.add_argument(
            "--unit",
            help="official code, read in the unit list valid on the date (default: plan "
            "180's territory, old Quảng Trị and the communes formed from it); 44 after "
            "June 2025 is the merged province, which also counts former Quảng Bình",
        )
        parser.add_argument("--number", default="", help="the registry's document number")
        parser.add_argument("--format", choices=["json", "pdf", "xlsx"], default="json")
        parser.add_argument("--output")

    def handle(self, *args, as_of, unit, format, output, number, **options):
        if unit is None:
            found = plan_territory()
        else:
            found = AdministrativeUnit.objects.valid_on(as_of).filter(code=unit).first()
        if found is None:
            # A unit of the other structure is still accepted (an old district after 2025).
            found = AdministrativeUnit.objects.filter(code=unit).order_by("-valid_from").first()
        if found is None:
            raise CommandError(f"no administrative unit has code {unit}")
        if format == "json":
            indicators = compute(as_of, found)
            payload = {i.code: i.as_json() for i in indicators}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        if not output:
            raise CommandError("--output is required for pdf and xlsx")
        report = documents.build(found, as_of, number=number)
        with open(output, "wb") as handle:
            handle.write(documents.render(report, format))
        self.stdout.write(f"{output} ({format})")
