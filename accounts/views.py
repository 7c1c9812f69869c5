from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import selectors, services
from accounts.filters import UnitFilter
from accounts.forms import LanguageForm, PersonForm
from accounts.policies import PEOPLE
from accounts.policy import may_start, require
from accounts.services import user_set_language
from accounts.tokens import invitation_tokens, site_url
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of
from ocop_portal.listing import sortable

UNITS_PER_PAGE = 50


@login_required
def unit_list(request):
    unit_filter = UnitFilter(request.GET, queryset=selectors.unit_list(request.user))
    rows, headers = sortable(
        request,
        unit_filter.qs,
        [
            (_("Code"), "code"),
            (_("Name"), "name"),
            (_("Level"), "level"),
            (_("Belongs to"), "parent__name"),
            (_("Valid"), "valid_from"),
        ],
    )
    page = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    template = (
        "accounts/partials/unit_table.html"
        if request.headers.get("HX-Request")
        else "accounts/unit_list.html"
    )
    return render(request, template, {"filter": unit_filter, "page": page, "headers": headers})


@login_required
def unit_detail(request, pk: int):
    unit = selectors.unit_get(request.user, pk)
    visible = selectors.unit_list(request.user)
    context = {
        "unit": unit,
        "children": visible.filter(parent=unit),
        "predecessors": visible.filter(successions__successor=unit),
        "successors": visible.filter(predecessions__predecessor=unit),
        "staff": selectors.staff_visible_to(request.user).filter(unit=unit).order_by("full_name"),
    }
    return render(request, "accounts/unit_detail.html", context)


# --- People: accounts kept by their offices --------------------------------------------------


def _require_manager(user) -> None:
    """The people pages are for those who keep someone's account (whose: `PEOPLE`)."""
    if not may_start(user, PEOPLE, "edit"):
        raise PermissionDenied


@login_required
def person_list(request):
    _require_manager(request.user)
    people = selectors.people_visible_to(request.user)
    # PostgreSQL cannot compare a string holding NUL: such a search finds nobody, not a 500.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    if query:
        people = people.filter(
            Q(full_name__icontains=query) | Q(username__icontains=query) | Q(email__icontains=query)
        )
    people, headers = sortable(
        request,
        people,
        [
            (_("Full name"), "full_name"),
            (_("Username"), "username"),
            (_("Role"), "role"),
            (_("Unit or producer"), "unit__name"),
            (_("Status"), None),
        ],
        default="full_name",
    )
    page = Paginator(people, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/person_list.html",
        {
            "page": page,
            "headers": headers,
            "sort": request.GET.get("sort", ""),
            "query": query,
            "can_create": PEOPLE.can(request.user, None, "create"),
        },
    )


@login_required
def person_create(request):
    require(PEOPLE.can(request.user, None, "create"))
    form = PersonForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = services.user_create(
                    actor=request.user, password=None, **form.cleaned_data
                )
                services.invitation_send(actor=request.user, user=person)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The account was created and an invitation was sent to %(email)s.")
                % {"email": person.email},
            )
            return redirect("accounts:person_detail", pk=person.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("New account"),
            "intro": _(
                "The person receives an e-mail with a link to set their own password; "
                "nobody else ever knows it."
            ),
            "cancel_url": reverse("accounts:person_list"),
        },
    )


@login_required
def person_detail(request, pk: int):
    _require_manager(request.user)
    person = selectors.person_get(request.user, pk)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "allowed": PEOPLE.allowed_steps(request.user, person),
            "history": history_of(person),
        },
    )


@login_required
def person_edit(request, pk: int):
    _require_manager(request.user)
    person = selectors.person_get(request.user, pk)
    require(PEOPLE.may_act(request.user, person, "edit"))
    form = PersonForm(request.POST or None, instance=person, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, user=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        except PermissionDenied:
            form.add_error(None, _("You may not give this role or unit."))
        else:
            messages.success(request, _("The account was saved."))
            return redirect("accounts:person_detail", pk=person.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("Edit account: %(name)s") % {"name": person},
            "cancel_url": reverse("accounts:person_detail", args=[person.pk]),
        },
    )


@login_required
@require_POST
def person_set_active(request, pk: int, active: bool):
    _require_manager(request.user)
    person = selectors.person_get(request.user, pk)
    try:
        services.user_set_active(actor=request.user, user=person, active=active)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The account was enabled again.")
            if active
            else _("The account was disabled; its records and history are kept."),
        )
    return redirect("accounts:person_detail", pk=person.pk)


@login_required
@require_POST
def person_invite(request, pk: int):
    _require_manager(request.user)
    person = selectors.person_get(request.user, pk)
    try:
        services.invitation_send(actor=request.user, user=person)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("A new invitation was sent to %(email)s.") % {"email": person.email}
        )
    return redirect("accounts:person_detail", pk=person.pk)


# --- Links sent by e-mail: invitations and password resets ------------------------------------


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invited person sets their password; the link then no longer works."""

    token_generator = invitation_tokens
    template_name = "registration/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("reports:home")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Welcome to the OCOP portal."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Always answers the same page: it never says whether an address has an account."""

    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Links in e-mails use the configured site address, never the host of this request.
        self.extra_email_context = {"site_url": site_url("")}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


def set_language(request):
    """Django's language switch, remembering the choice on the account as well: what the
    portal sends a person later (reminders, tasks) is written in the language they use."""

    response = django_set_language(request)
    if request.method != "POST" or not request.user.is_authenticated:
        return response
    form = LanguageForm(request.POST)
    if form.is_valid() and request.user.language != form.cleaned_data["language"]:
        user_set_language(user=request.user, language=form.cleaned_data["language"])
    return response
