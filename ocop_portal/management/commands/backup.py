from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop_portal import backup


def database_url() -> str:
    """The portal's database as a libpq URL (for pg_dump, pg_restore and psycopg2)."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    return f"postgresql://{auth}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


class Command(BaseCommand):
    help = (
        "Back up the database, the media and the private files into one folder with a "
        "manifest of checksums and row counts (see ocop_portal/backup.py)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.BASE_DIR / "var" / "backups"))
        parser.add_argument(
            "--keep", type=int, default=0, help="then keep only the newest N backups (0: all)"
        )

    def handle(self, *args, **options):
        destination = Path(options["output"])
        try:
            folder = backup.create(
                database_url=database_url(),
                media_root=Path(settings.MEDIA_ROOT),
                private_root=Path(settings.PRIVATE_FILES_ROOT),
                destination=destination,
            )
            manifest = backup.verify(folder)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"backup written to {folder}: {backup.summary(manifest)}")
        for removed in backup.prune(destination, options["keep"]):
            self.stdout.write(f"removed old backup {removed}")
