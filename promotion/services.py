"""State changes of trade promotion records."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import ensure_can_act
from ocop_portal.exceptions import TransitionError

# District staff manage their district's sales points and events; province staff all.
ORGANISERS = (Role.DISTRICT_STAFF, Role.PROVINCE_STAFF)
EDITORS = (Role.COMMUNE_OFFICER, Role.DISTRICT_STAFF, Role.PROVINCE_STAFF)
NETWORK_KEEPERS = (Role.PROVINCE_STAFF,)


def _save(instance, actor):
    instance._history_user = actor
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def sales_point_save(*, actor, point, products):
    ensure_can_act(actor, point.unit_id, roles=ORGANISERS)
    if point.pk is None:
        point.created_by = actor
    _save(point, actor)
    point.products.set(products)
    return point


@transaction.atomic
def channel_save(*, actor, channel):
    ensure_can_act(actor, channel.subject.commune_id, roles=EDITORS)
    if channel.ended_on and channel.ended_on < channel.started_on:
        raise TransitionError(_("The end cannot precede the start."))
    if channel.pk is None:
        channel.created_by = actor
    return _save(channel, actor)


@transaction.atomic
def event_save(*, actor, event):
    ensure_can_act(actor, event.unit_id, roles=ORGANISERS)
    if event.pk is None:
        event.created_by = actor
    return _save(event, actor)


@transaction.atomic
def participation_save(*, actor, participation, products):
    ensure_can_act(actor, participation.event.unit_id, roles=ORGANISERS)
    _save(participation, actor)
    participation.products.set(products)
    return participation


@transaction.atomic
def partner_save(*, actor, partner, subjects):
    ensure_can_act(actor, actor.unit_id, roles=NETWORK_KEEPERS)
    if partner.pk is None:
        partner.created_by = actor
    _save(partner, actor)
    partner.subjects.set(subjects)
    return partner
