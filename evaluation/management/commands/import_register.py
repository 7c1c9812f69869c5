from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import has_role
from evaluation import register_import


class Command(BaseCommand):
    help = (
        "Import the register of recognised OCOP products from an .xlsx file in the portal's "
        "template. All rows or none are written; a re-import changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, without writing"
        )
        parser.add_argument(
            "--user",
            help="username of the province officer the history names as importer "
            "(needed unless --dry-run)",
        )

    def handle(self, *args, file, dry_run, user=None, **options):

        actor = None
        if not dry_run:
            actor = get_user_model().objects.filter(username=user or "").first()
            if actor is None or not has_role(actor, register_import.IMPORTERS):
                raise CommandError("--user must name an active province officer's account.")
        try:
            with open(file, "rb") as handle:
                register = register_import.preview(handle)
        except OSError as error:
            raise CommandError(str(error)) from error
        except register_import.RegisterFileError as error:
            raise CommandError(str(error)) from error
        for row in register.errors:
            for message in row.errors:
                self.stderr.write(f"dòng {row.number}: {message}")
        if not register.ok:
            raise CommandError(f"{len(register.errors)} dòng có lỗi; không nhập dữ liệu nào.")
        self.stdout.write(f"{register.new_count} dòng mới, {register.unchanged_count} dòng đã có.")
        if dry_run:
            return
        counts = register_import.commit(register, actor=actor)
        for number, message in counts.pop("failures"):
            self.stderr.write(f"dòng {number}: {message}")
        self.stdout.write(", ".join(f"{key}={value}" for key, value in counts.items()))
