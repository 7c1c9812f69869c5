"""The first administrator of a new deployment; every other account is made in the portal.

    python manage.py create_first_admin --username quantri --email it@example.gov.vn \
        --full-name "Nguyễn Văn Quản Trị"

The command prints (and e-mails, when e-mail is configured) a one-time link with which the
administrator sets their own password: no password is typed on a command line or kept in a
shell history. It refuses while an active administrator exists, so it cannot be used to take
over a running portal; `--again` sends a fresh link to the same not-yet-activated account.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import Role, User
from accounts.services import invitation_link, invitation_send, user_create


class Command(BaseCommand):
    help = "Create the first system administrator and print the link to set their password."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--full-name", required=True)
        parser.add_argument(
            "--again",
            action="store_true",
            help="A new link for the same administrator who has not set a password yet.",
        )

    def handle(self, *args, username, email, full_name, again, **options):
        admins = User.objects.filter(
            Q(role=Role.SYSTEM_ADMIN) | Q(is_superuser=True), is_active=True
        )
        existing = User.objects.filter(username=username).first()
        if again:
            if existing is None or existing.role != Role.SYSTEM_ADMIN:
                raise CommandError(f"No administrator named {username!r} to send a link to.")
            if existing.has_usable_password():
                raise CommandError("This administrator has set a password already.")
            user = existing
        else:
            if admins.exists():
                raise CommandError(
                    "An active administrator exists already; further accounts are created in "
                    "the portal (Người dùng → Tài khoản mới)."
                )
            if existing is not None:
                raise CommandError(f"The username {username!r} is taken.")
            user = user_create(
                username=username,
                full_name=full_name,
                role=Role.SYSTEM_ADMIN,
                unit=None,
                email=email,
                password=None,
            )
        try:
            link = invitation_send(actor=None, user=user)
        except Exception:  # no e-mail server yet: the printed link is enough
            link = invitation_link(user)
        self.stdout.write(f"Administrator {user.username} created.")
        self.stdout.write("Open this link within the invitation period to set the password:")
        self.stdout.write(link)
