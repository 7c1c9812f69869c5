"""Councils and their seats, kept by the organisers: province staff for provincial councils,
district staff for their district's during plan 180's period (`policies.COUNCIL`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import has_role
from accounts.scope import get_in_scope_or_404, scope_for
from evaluation import services
from evaluation.forms import CouncilForm, CouncilSettingsForm, SeatEndForm, SeatForm
from evaluation.models import Council, CouncilSeat
from evaluation.policies import COUNCIL
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of
from ocop_portal.listing import sortable


def _councils(user):
    scope = scope_for(user)
    return Council.objects.filter(unit__any_of=scope.unit_ids).select_related("unit")


def _council(user, pk):
    council = get_in_scope_or_404(_councils(user), pk=pk)
    if not COUNCIL.may_act(user, council, "keep"):
        raise PermissionDenied
    return council


def _council_page(
    request, council, *, seat_form=None, end_form=None, settings_form=None, status=200
):
    return render(
        request,
        "evaluation/council_detail.html",
        {
            "council": council,
            "seats": council.seats.select_related("user__unit").order_by(
                "term_end", "position", "user__full_name"
            ),
            "settings_form": settings_form or CouncilSettingsForm(instance=council, prefix="c"),
            "seat_form": seat_form or SeatForm(prefix="s", council=council),
            "end_form": end_form or SeatEndForm(initial={"on": timezone.localdate()}),
            "history": history_of(council),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
def council_list(request):
    if not has_role(request.user, COUNCIL.step("keep").roles):
        raise PermissionDenied
    councils, headers = sortable(
        request,
        _councils(request.user),
        [
            (_("Council"), "name"),
            (_("Kind"), "kind"),
            (_("Level"), "level"),
            (_("Unit"), "unit__name"),
            (_("Term"), "term_start"),
        ],
        default="name",
    )
    return render(
        request, "evaluation/council_list.html", {"councils": councils, "headers": headers}
    )


@login_required
def council_create(request):
    if not has_role(request.user, COUNCIL.step("keep").roles):
        raise PermissionDenied
    form = CouncilForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(actor=request.user, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Council created: now seat its members."))
            return redirect("evaluation:council_detail", pk=council.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("New council"),
            "cancel_url": reverse("evaluation:council_list"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def council_detail(request, pk: int):
    council = _council(request.user, pk)
    if request.method == "POST":
        settings_form = CouncilSettingsForm(request.POST, instance=council, prefix="c")
        if settings_form.is_valid():
            changed = {
                name: settings_form.cleaned_data[name] for name in settings_form.changed_data
            }
            services.council_update(actor=request.user, council=council, **changed)
            messages.success(request, _("Council settings saved."))
            return redirect("evaluation:council_detail", pk=pk)
        return _council_page(request, council, settings_form=settings_form, status=400)
    return _council_page(request, council)


@login_required
@require_POST
def seat_add(request, pk: int):
    council = _council(request.user, pk)
    form = SeatForm(request.POST, prefix="s", council=council)
    if form.is_valid():
        try:
            services.seat_add(actor=request.user, council=council, **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Seat added."))
            return redirect("evaluation:council_detail", pk=pk)
    return _council_page(request, council, seat_form=form, status=400)


@login_required
@require_POST
def seat_end(request, pk: int):
    seat = CouncilSeat.objects.filter(pk=pk).select_related("council", "user").first()
    council = _council(request.user, seat.council_id if seat else 0)
    form = SeatEndForm(request.POST)
    if form.is_valid():
        try:
            services.seat_end(
                actor=request.user,
                seat=seat,
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The seat of %(name)s ends on %(day)s.")
                % {
                    "name": seat.user.full_name or seat.user.username,
                    "day": form.cleaned_data["on"].strftime("%d/%m/%Y"),
                },
            )
            return redirect(reverse("evaluation:council_detail", args=[council.pk]))
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _council_page(request, council, end_form=form, status=400)
