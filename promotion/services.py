"""State changes of trade promotion records."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.roles import AREA_STAFF
from accounts.scope import scope_for, units_covering
from accounts.services import notify
from ocop_portal.exceptions import TransitionError
from promotion.models import PageRevisionStatus, ProducerPageRevision
from promotion.policies import CHANNELS, EVENTS, PAGE_REVISIONS, PARTNERS, SALES_POINTS


def _save(instance, actor):
    instance._history_user = actor
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def sales_point_save(*, actor, point, products):
    SALES_POINTS.check(actor, point, "edit" if point.pk else "create")
    if point.pk is None:
        point.created_by = actor
    _save(point, actor)
    point.products.set(products)
    return point


@transaction.atomic
def channel_save(*, actor, channel):
    CHANNELS.check(actor, channel, "edit" if channel.pk else "create")
    if channel.ended_on and channel.ended_on < channel.started_on:
        raise TransitionError(_("The end cannot precede the start."))
    if channel.pk is None:
        channel.created_by = actor
    return _save(channel, actor)


@transaction.atomic
def event_save(*, actor, event):
    EVENTS.check(actor, event, "edit" if event.pk else "create")
    if event.pk is None:
        event.created_by = actor
    return _save(event, actor)


@transaction.atomic
def participation_save(*, actor, participation, products):
    EVENTS.check(actor, participation.event, "add-participation")
    _save(participation, actor)
    participation.products.set(products)
    return participation


@transaction.atomic
def partner_save(*, actor, partner, subjects):
    PARTNERS.check(actor, partner, "edit" if partner.pk else "create")
    if partner.pk is None:
        partner.created_by = actor
    _save(partner, actor)
    partner.subjects.set(subjects)
    return partner


# --- The producer's public page ----------------------------------------------------------------

PAGE_FIELDS = (
    "description",
    "description_en",
    "phone",
    "address",
    "website",
    "ecommerce_links",
    "where_to_buy",
)


def approved_page(subject_id: int):
    """What the public sees of a producer: its latest approved page revision, or None."""

    return (
        ProducerPageRevision.objects.filter(
            subject_id=subject_id, status=PageRevisionStatus.APPROVED
        )
        .order_by("-decided_at", "-pk")
        .first()
    )


@transaction.atomic
def page_revision_submit(*, actor, photo=None, photo_extension: str = "", **fields):
    """The producer proposes new content for its public page; it goes live once approved.

    A proposal still waiting is replaced by the new one (kept in the history as replaced).
    Without a new photo the approved one is carried over.
    """

    scope = scope_for(actor)
    PAGE_REVISIONS.check(actor, ProducerPageRevision(subject_id=scope.subject_id), "propose")
    unknown = set(fields) - set(PAGE_FIELDS)
    if unknown:
        raise ValueError(f"not a page field: {sorted(unknown)}")
    ProducerPageRevision.objects.select_for_update().filter(
        subject_id=scope.subject_id, status=PageRevisionStatus.PENDING
    ).update(status=PageRevisionStatus.REPLACED)
    revision = ProducerPageRevision(subject_id=scope.subject_id, submitted_by=actor, **fields)
    if photo is not None:
        revision.photo_extension = photo_extension
        revision.photo.save(f"photo.{photo_extension}", photo, save=False)
    else:
        live = approved_page(scope.subject_id)
        if live is not None and live.photo:
            revision.photo, revision.photo_extension = live.photo.name, live.photo_extension
    revision.full_clean()
    revision.save()
    subject = revision.subject
    notify(
        recipients=User.objects.filter(
            role__in=AREA_STAFF, unit_id__in=units_covering(subject.commune_id), is_active=True
        ),
        message=_("%(producer)s proposes changes to its public page.") % {"producer": subject.name},
        link=reverse("promotion:page_review", args=[revision.pk]),
    )
    return revision


@transaction.atomic
def page_revision_decide(*, actor, revision, approve: bool, note: str = ""):
    """Staff of the producer's area approve a proposal (it goes live) or refuse it (a note says
    why); either way the producer is told and the revision stays in the history."""

    subject = revision.subject
    revision = ProducerPageRevision.objects.select_for_update().get(pk=revision.pk)
    step = PAGE_REVISIONS.check(actor, revision, "approve" if approve else "refuse")
    if not approve and not note.strip():
        raise TransitionError(_("Say why the proposal is not approved."))
    revision.status = step.target
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.decision_note = note.strip()
    revision.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    notify(
        recipients=User.objects.filter(role=Role.PRODUCER, subject=subject, is_active=True),
        message=(
            _("Your public page changes are approved and published.")
            if approve
            else _("Your public page changes were not approved: %(note)s")
            % {"note": revision.decision_note}
        ),
        link=reverse("producer:public_page"),
    )
    return revision
