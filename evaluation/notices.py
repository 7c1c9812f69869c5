"""Who hears of a dossier's steps and outcomes: the commune that filed it (its officers, and the
officer who registered it) and the producer's own accounts. Every notice of evaluation goes
through `notify_commune`, so a new kind of recipient is added here once."""

from django.urls import NoReverseMatch, reverse

from accounts.models import Role, User
from accounts.scope import area_unit_ids
from accounts.services import notify


def commune_recipients(dossier) -> list:
    commune_id = dossier.product.subject.commune_id
    officers = list(
        User.objects.filter(
            role=Role.COMMUNE_OFFICER,
            is_active=True,
            unit_id__in=area_unit_ids(commune_id),
            unit__level="commune",
        )
    )
    if dossier.created_by.role == Role.COMMUNE_OFFICER and dossier.created_by.is_active:
        officers.append(dossier.created_by)
    return officers


def producer_recipients(dossier) -> list:
    role = getattr(Role, "PRODUCER", None)
    if role is None:
        return []
    return list(
        User.objects.filter(role=role, subject_id=dossier.product.subject_id, is_active=True)
    )


def notify_commune(dossier, message: str, link: str = "") -> list:
    rows = notify(
        recipients=commune_recipients(dossier),
        message=message,
        link=link or reverse("evaluation:dossier_detail", args=[dossier.pk]),
    )
    producers = producer_recipients(dossier)
    if producers:
        try:
            # the producer reads its dossier in its own workspace
            producer_link = reverse("producer:dossier_detail", args=[dossier.pk])
        except NoReverseMatch:
            producer_link = ""
        rows += notify(recipients=producers, message=message, link=producer_link)
    return rows
