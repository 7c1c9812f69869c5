"""Staff screens of trade promotion: sales points, channels, fairs and the partner network."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import may_save, may_start, require, start_actions
from accounts.scope import get_in_scope_or_404
from evaluation.models import Certificate
from ocop_portal.exceptions import TransitionError
from ocop_portal.listing import Column, ListDefinition, render_list
from ocop_portal.pdf import pdf_response
from ocop_portal.readonly import render_readonly
from promotion import policies, selectors, services
from promotion.filters import ChannelFilter, EventFilter, PartnerFilter, SalesPointFilter
from promotion.forms import (
    ChannelForm,
    EventForm,
    PageDecisionForm,
    ParticipationForm,
    PartnerForm,
    SalesPointForm,
)
from promotion.models import (
    EventParticipation,
    PageRevisionStatus,
    Partner,
    SalesChannel,
    SalesPoint,
    TradeEvent,
)
from promotion.public import verify_url
from subjects.selectors import subject_get

SALES_POINTS = ListDefinition(
    title=gettext_lazy("OCOP sales points"),
    filterset_class=SalesPointFilter,
    export_name="diem-ban-hang-ocop",
    default_sort="name",
    columns=[
        Column(
            gettext_lazy("Name"),
            lambda p: p.name,
            link=lambda p: reverse("promotion:sales_point_edit", args=[p.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Kind"), lambda p: p.get_kind_display(), sort="kind"),
        Column(gettext_lazy("Commune"), lambda p: p.unit.name, sort="unit__name"),
        Column(gettext_lazy("Operator"), lambda p: p.operator, sort="operator"),
        Column(gettext_lazy("Opened on"), lambda p: p.opened_on, sort="opened_on"),
        Column(gettext_lazy("Closed on"), lambda p: p.closed_on, sort="closed_on"),
        Column(
            gettext_lazy("Products"), lambda p: p.product_count, numeric=True, sort="product_count"
        ),
    ],
)
CHANNELS = ListDefinition(
    title=gettext_lazy("Sales channels"),
    filterset_class=ChannelFilter,
    export_name="kenh-ban-hang",
    default_sort="subject__name",
    columns=[
        Column(
            gettext_lazy("Producer"),
            lambda c: c.subject.name,
            link=lambda c: reverse("promotion:channel_edit", args=[c.pk]),
            sort="subject__name",
        ),
        Column(gettext_lazy("Kind"), lambda c: c.get_kind_display(), sort="kind"),
        Column(gettext_lazy("Chain, platform or market"), lambda c: c.name, sort="name"),
        Column(gettext_lazy("Since"), lambda c: c.started_on, sort="started_on"),
        Column(gettext_lazy("Until"), lambda c: c.ended_on, sort="ended_on"),
        Column(gettext_lazy("Modern channel"), lambda c: c.is_modern),
    ],
)
EVENTS = ListDefinition(
    title=gettext_lazy("Trade fairs and events"),
    filterset_class=EventFilter,
    export_name="hoi-cho-su-kien",
    default_sort="-starts_on",
    columns=[
        Column(
            gettext_lazy("Name"),
            lambda e: e.name,
            link=lambda e: reverse("promotion:event_detail", args=[e.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Level"), lambda e: e.get_level_display(), sort="level"),
        Column(gettext_lazy("Place"), lambda e: e.place, sort="place"),
        Column(gettext_lazy("Starts"), lambda e: e.starts_on, sort="starts_on"),
        Column(gettext_lazy("Ends"), lambda e: e.ends_on, sort="ends_on"),
        Column(
            gettext_lazy("Participants"),
            lambda e: e.participant_count,
            numeric=True,
            sort="participant_count",
        ),
    ],
)
PARTNERS = ListDefinition(
    title=gettext_lazy("OCOP partners"),
    filterset_class=PartnerFilter,
    export_name="doi-tac-ocop",
    default_sort="name",
    columns=[
        Column(
            gettext_lazy("Name"),
            lambda p: p.name,
            link=lambda p: reverse("promotion:partner_edit", args=[p.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Kind"), lambda p: p.get_kind_display(), sort="kind"),
        Column(gettext_lazy("Contact person"), lambda p: p.contact_name, sort="contact_name"),
        Column(
            gettext_lazy("Linked producers"),
            lambda p: p.subject_count,
            numeric=True,
            sort="subject_count",
        ),
        Column(gettext_lazy("Public"), lambda p: p.published),
    ],
)


def _edit(request, *, instance, form_class, save, title, done_url, allowed, readonly=True):
    """One form page for every promotion record: bind, call the service, redirect.

    A role that sees an existing record but may not change it gets the record read-only (unless
    the record has a detail page of its own, as events do: `readonly=False`)."""
    if (
        readonly
        and instance is not None
        and instance.pk
        and request.method == "GET"
        and not allowed
    ):
        return render_readonly(
            request,
            form_class(instance=instance, user=request.user),
            title=f"{title}: {instance}",
            back_url=done_url(None),
        )
    require(allowed)
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(done_url(record))
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": title,
            "cancel_url": done_url(None),
        },
    )


@login_required
def sales_point_list(request):
    return render_list(
        request,
        SALES_POINTS,
        selectors.sales_point_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.SALES_POINTS,
                (_("Add a sales point"), "promotion:sales_point_create"),
            )
        },
    )


def _sales_point(request, point):
    return _edit(
        request,
        instance=point,
        form_class=SalesPointForm,
        allowed=may_save(request.user, policies.SALES_POINTS, point),
        title=_("Sales point"),
        save=lambda form: services.sales_point_save(
            actor=request.user,
            point=form.save(commit=False),
            products=form.cleaned_data["products"],
        ),
        done_url=lambda record: reverse("promotion:sales_point_list"),
    )


@login_required
def sales_point_create(request):
    return _sales_point(request, SalesPoint())


@login_required
def sales_point_edit(request, pk: int):
    return _sales_point(request, selectors.sales_point_get(request.user, pk))


@login_required
def channel_list(request):
    return render_list(
        request,
        CHANNELS,
        selectors.channel_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.CHANNELS,
                (_("Add a sales channel"), "promotion:channel_create"),
            )
        },
    )


def _channel(request, channel):
    return _edit(
        request,
        instance=channel,
        form_class=ChannelForm,
        allowed=may_save(request.user, policies.CHANNELS, channel),
        title=_("Sales channel"),
        save=lambda form: services.channel_save(
            actor=request.user, channel=form.save(commit=False)
        ),
        done_url=lambda record: reverse("promotion:channel_list"),
    )


@login_required
def channel_create(request):
    return _channel(request, SalesChannel())


@login_required
def channel_edit(request, pk: int):
    return _channel(request, selectors.channel_get(request.user, pk))


@login_required
def event_list(request):
    return render_list(
        request,
        EVENTS,
        selectors.event_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.EVENTS,
                (_("Add a fair or event"), "promotion:event_create"),
            )
        },
    )


def _event(request, event):
    return _edit(
        request,
        instance=event,
        form_class=EventForm,
        allowed=may_save(request.user, policies.EVENTS, event),
        readonly=False,  # events have their own detail page; the edit address stays refused
        title=_("Trade fair or event"),
        save=lambda form: services.event_save(actor=request.user, event=form.save(commit=False)),
        done_url=lambda record: (
            reverse("promotion:event_detail", args=[record.pk])
            if record
            else reverse("promotion:event_list")
        ),
    )


@login_required
def event_create(request):
    return _event(request, TradeEvent())


@login_required
def event_edit(request, pk: int):
    return _event(request, selectors.event_get(request.user, pk))


@login_required
def event_detail(request, pk: int):
    event = selectors.event_get(request.user, pk)
    participations = event.participations.select_related("subject").prefetch_related("products")
    return render(
        request,
        "promotion/event_detail.html",
        {
            "event": event,
            "participations": participations,
            "allowed": policies.EVENTS.allowed_steps(request.user, event),
        },
    )


@login_required
def participation_create(request, pk: int):
    event = selectors.event_get(request.user, pk)
    return _edit(
        request,
        instance=EventParticipation(event=event),
        form_class=ParticipationForm,
        allowed=policies.EVENTS.may_act(request.user, event, "add-participation"),
        title=_("Participation in %(event)s") % {"event": event},
        save=lambda form: services.participation_save(
            actor=request.user,
            participation=form.save(commit=False),
            products=form.cleaned_data["products"],
        ),
        done_url=lambda record: reverse("promotion:event_detail", args=[event.pk]),
    )


@login_required
def partner_list(request):
    return render_list(
        request,
        PARTNERS,
        selectors.partner_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.PARTNERS,
                (_("Add a partner"), "promotion:partner_create"),
            )
        },
    )


def _partner(request, partner):
    return _edit(
        request,
        instance=partner,
        form_class=PartnerForm,
        allowed=may_save(request.user, policies.PARTNERS, partner),
        title=_("Partner"),
        save=lambda form: services.partner_save(
            actor=request.user,
            partner=form.save(commit=False),
            subjects=form.cleaned_data["subjects"],
        ),
        done_url=lambda record: reverse("promotion:partner_list"),
    )


@login_required
def partner_create(request):
    return _partner(request, Partner())


@login_required
def partner_edit(request, pk: int):
    return _partner(request, selectors.partner_get(request.user, pk))


@login_required
def qr_labels(request, pk: int):
    """A printable sheet of QR labels for a producer's certified products."""

    return qr_label_sheet(request, subject_get(request.user, pk))


def qr_label_sheet(request, subject):
    """The PDF of QR labels for a producer's products holding a valid certificate (the staff's
    page and the producer's own workspace print the same sheet)."""

    certificates = (
        Certificate.objects.valid_on(timezone.localdate())
        .filter(product__subject=subject)
        .select_related("product")
    )
    labels = []
    for certificate in certificates:
        svg = segno.make(verify_url(request, certificate), error="m").svg_inline(scale=4)
        labels.append(
            {
                "certificate": certificate,
                "qr": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
            }
        )
    return pdf_response(
        "promotion/pdf/qr_labels.html",
        {"subject": subject, "labels": labels, "copies": range(6)},
        f"nhan-qr-{subject.pk}.pdf",
        request,
    )


# --- Producers' public pages: proposals waiting for approval -------------------------------


@login_required
def page_review_list(request):

    require(may_start(request.user, policies.PAGE_REVISIONS, "approve"))
    revisions = selectors.page_revisions_visible_to(request.user)
    return render(
        request,
        "promotion/page_review_list.html",
        {
            "pending": revisions.filter(status=PageRevisionStatus.PENDING).order_by("submitted_at"),
            "decided": revisions.exclude(status=PageRevisionStatus.PENDING).order_by(
                "-submitted_at"
            )[:50],
        },
    )


@login_required
def page_review(request, pk: int):

    revision = get_in_scope_or_404(selectors.page_revisions_visible_to(request.user), pk=pk)
    form = PageDecisionForm(request.POST or None)
    allowed = policies.PAGE_REVISIONS.allowed_steps(request.user, revision)
    status = 200
    if request.method == "POST":
        require(policies.PAGE_REVISIONS.may_act(request.user, revision, "approve"))
        if form.is_valid():
            try:
                services.page_revision_decide(
                    actor=request.user,
                    revision=revision,
                    approve=form.cleaned_data["approve"],
                    note=form.cleaned_data["note"],
                )
            except TransitionError as error:
                form.add_error("note", str(error))
                status = 400
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("promotion:page_review", pk=pk)
        else:
            status = 400
    return render(
        request,
        "promotion/page_review.html",
        {
            "revision": revision,
            "live": services.approved_page(revision.subject_id),
            "form": form,
            "allowed": allowed,
            # leaders and administrators read a page they are linked to, not the review list
            "can_list": may_start(request.user, policies.PAGE_REVISIONS, "approve"),
            "history": selectors.page_revisions_visible_to(request.user).filter(
                subject_id=revision.subject_id
            ),
        },
        status=status,
    )
