from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop_portal import backup
from ocop_portal.management.commands.backup import database_url


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an empty database (DATABASE_URL) and empty MEDIA_ROOT and "
        "PRIVATE_FILES_ROOT, then compare every table's row count and every file's checksum "
        "with the backup's manifest. --verify-only checks the archives and touches nothing."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--verify-only", action="store_true")

    def handle(self, *args, **options):
        folder = Path(options["folder"])
        try:
            manifest = backup.verify(folder)
            self.stdout.write(f"{folder}: checksums match; {backup.summary(manifest)}")
            if options["verify_only"]:
                return
            report = backup.restore(
                folder,
                database_url=database_url(),
                media_root=Path(settings.MEDIA_ROOT),
                private_root=Path(settings.PRIVATE_FILES_ROOT),
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.differences:
            self.stderr.write(line)
        if not report.ok:
            raise CommandError(
                f"the restore differs from the backup in {len(report.differences)} places"
            )
        self.stdout.write(
            f"restored {report.tables} tables ({report.rows} rows) and {report.files} files; "
            "every count and checksum matches the backup"
        )
