"""Councils and their seats, kept by the organisers (province or district staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import get_in_scope_or_404, scope_for
from evaluation import services
from evaluation.forms import CouncilSettingsForm, SeatForm
from evaluation.models import Council, CouncilSeat
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of


def _councils(user):
    scope = scope_for(user)
    return Council.objects.filter(unit__any_of=scope.unit_ids).select_related("unit")


def _council(user, pk):
    council = get_in_scope_or_404(_councils(user), pk=pk)
    if scope_for(user).role not in services.ORGANISERS:
        raise PermissionDenied
    return council


@login_required
def council_list(request):
    if scope_for(request.user).role not in services.ORGANISERS:
        raise PermissionDenied
    return render(request, "evaluation/council_list.html", {"councils": _councils(request.user)})


@login_required
def council_detail(request, pk: int):
    council = _council(request.user, pk)
    settings_form = CouncilSettingsForm(request.POST or None, instance=council, prefix="c")
    seat_form = SeatForm(prefix="s")
    if request.method == "POST" and "c-name" in request.POST and settings_form.is_valid():
        changed = {name: settings_form.cleaned_data[name] for name in settings_form.changed_data}
        services.council_update(actor=request.user, council=council, **changed)
        messages.success(request, _("Council settings saved."))
        return redirect("evaluation:council_detail", pk=pk)
    return render(
        request,
        "evaluation/council_detail.html",
        {
            "council": council,
            "seats": council.seats.select_related("user").order_by("term_end", "position"),
            "settings_form": settings_form,
            "seat_form": seat_form,
            "history": history_of(council),
        },
    )


@login_required
@require_POST
def seat_add(request, pk: int):
    council = _council(request.user, pk)
    form = SeatForm(request.POST, prefix="s")
    if form.is_valid():
        try:
            services.seat_add(actor=request.user, council=council, **form.cleaned_data)
            messages.success(request, _("Seat added."))
        except TransitionError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Check the member, the position and the term."))
    return redirect("evaluation:council_detail", pk=pk)


@login_required
@require_POST
def seat_end(request, pk: int):
    seat = CouncilSeat.objects.filter(pk=pk).select_related("council").first()
    council = _council(request.user, seat.council_id if seat else 0)
    try:
        services.seat_end(actor=request.user, seat=seat, on=timezone.localdate())
        messages.success(request, _("The seat ends today."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect(reverse("evaluation:council_detail", args=[council.pk]))
