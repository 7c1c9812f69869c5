"""A demo producer's account (HTX Nông sản Khe Sanh), so that the producer's side of the portal
can be tried. Demo only: the shared demo password."""

from django.conf import settings

from accounts.models import Role, User
from accounts.services import user_create
from subjects.models import Subject

# (username, full name, registration number of the producer)
DEMO_PRODUCERS = [
    ("chuthe.khesanh", "Hồ Văn Lai", "3200512345"),  # HTX Nông sản Khe Sanh, in the register
]


def seed_producer_accounts(password: str | None = None) -> dict[str, int]:
    password = password or settings.OCOP_DEMO_PASSWORD
    created = 0
    for username, full_name, number in DEMO_PRODUCERS:
        subject = Subject.objects.filter(registration_number=number).first()
        if subject is None or User.objects.filter(username=username).exists():
            continue
        user_create(
            username=username,
            full_name=full_name,
            role=Role.PRODUCER,
            unit=None,
            subject=subject,
            password=password,
            email=f"{username}@ocop.example.vn",
        )
        created += 1
    return {"producer_accounts_created": created}
