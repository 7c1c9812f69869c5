from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from guide import manuals
from ocop_portal.pdf import render_pdf


class Command(BaseCommand):
    help = "Write each role's user guide as PDF, in Vietnamese and English (var/guide/)."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(settings.BASE_DIR / "var" / "guide"))

    def handle(self, *args, out, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        version = metadata.version("ocop-portal")
        for language in ("vi", "en"):
            with translation.override(language):
                for manual in manuals.MANUALS:
                    pdf = render_pdf(
                        "guide/manual_pdf.html",
                        {
                            "manual": manual,
                            "rendered": manuals.render(manual.slug, for_print=True),
                            "version": version,
                            "today": timezone.localdate(),
                            "LANGUAGE_CODE": language,
                        },
                    )
                    path = folder / f"huong-dan-{manual.slug}-{language}.pdf"
                    path.write_bytes(pdf)
                    self.stdout.write(str(path))
