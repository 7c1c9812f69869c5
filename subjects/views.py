from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services as account_services
from accounts.forms import ProducerInviteForm
from accounts.models import Role
from accounts.policy import may_save, may_start, require, start_actions
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of
from ocop_portal.listing import Column, ListDefinition, render_list
from ocop_portal.readonly import render_readonly
from products.selectors import subject_records
from subjects import policies, selectors, services
from subjects.filters import CraftVillageFilter, RawMaterialAreaFilter, SubjectFilter
from subjects.forms import CraftVillageForm, RawMaterialAreaForm, SubjectForm
from subjects.models import CraftVillage, RawMaterialArea

SUBJECTS = ListDefinition(
    title=gettext_lazy("Producers"),
    filterset_class=SubjectFilter,
    export_name="chu-the-ocop",
    default_sort="name",
    columns=[
        Column(
            gettext_lazy("Name"),
            lambda s: s.name,
            link=lambda s: reverse("subjects:subject_detail", args=[s.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Legal form"), lambda s: s.get_legal_form_display(), sort="legal_form"),
        Column(
            gettext_lazy("Registration number"),
            lambda s: s.registration_number,
            sort="registration_number",
        ),
        Column(gettext_lazy("Commune"), lambda s: s.commune.name, sort="commune__name"),
        Column(
            gettext_lazy("Former district"),
            lambda s: s.legacy_commune.parent.name if s.legacy_commune else "",
        ),
        Column(
            gettext_lazy("Legal representative"),
            lambda s: s.representative_name,
            sort="representative_name",
        ),
        Column(gettext_lazy("Status"), lambda s: s.get_status_display(), sort="status"),
    ],
)

CRAFT_VILLAGES = ListDefinition(
    title=gettext_lazy("Craft villages"),
    filterset_class=CraftVillageFilter,
    export_name="lang-nghe",
    default_sort="name",
    columns=[
        Column(
            gettext_lazy("Name"),
            lambda v: v.name,
            link=lambda v: reverse("subjects:craft_village_edit", args=[v.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Commune"), lambda v: v.commune.name, sort="commune__name"),
        Column(gettext_lazy("Traditional"), lambda v: v.traditional),
        Column(gettext_lazy("Recognition date"), lambda v: v.recognised_on, sort="recognised_on"),
        Column(
            gettext_lazy("Producers"), lambda v: v.subject_count, numeric=True, sort="subject_count"
        ),
    ],
)

RAW_MATERIAL_AREAS = ListDefinition(
    title=gettext_lazy("Raw-material areas"),
    filterset_class=RawMaterialAreaFilter,
    export_name="vung-nguyen-lieu",
    default_sort="name",
    columns=[
        Column(
            gettext_lazy("Name"),
            lambda a: a.name,
            link=lambda a: reverse("subjects:raw_material_area_edit", args=[a.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Communes"), lambda a: ", ".join(c.name for c in a.communes.all())),
        Column(gettext_lazy("Area (ha)"), lambda a: a.hectares, numeric=True, sort="hectares"),
        Column(gettext_lazy("Growing-area code"), lambda a: a.growing_area_code),
        Column(
            gettext_lazy("Certification"),
            lambda a: a.get_certification_display(),
            sort="certification",
        ),
        Column(
            gettext_lazy("Certified until"), lambda a: a.certified_until, sort="certified_until"
        ),
    ],
)


@login_required
def subject_list(request):
    return render_list(
        request,
        SUBJECTS,
        selectors.subject_list(request.user).order_by("name"),
        extra={
            "actions": start_actions(
                request.user,
                policies.SUBJECTS,
                (_("Register a producer"), "subjects:subject_create"),
            )
        },
    )


@login_required
def subject_detail(request, pk: int):

    subject = selectors.subject_get(request.user, pk)
    return render(
        request,
        "subjects/subject_detail.html",
        {
            "subject": subject,
            **subject_records(request.user, subject),
            "craft_villages": subject.craft_villages.all(),
            "raw_material_areas": subject.raw_material_areas.all(),
            "history": history_of(subject),
            "allowed": policies.SUBJECTS.allowed_steps(request.user, subject),
            "accounts": subject.accounts.order_by("full_name"),
        },
    )


@login_required
def subject_account_invite(request, pk: int):
    """Open an account for the producer and e-mail its person a link to set the password."""
    subject = selectors.subject_get(request.user, pk)
    require(policies.SUBJECTS.may_act(request.user, subject, "invite-account"))
    form = ProducerInviteForm(request.POST or None, initial={"email": subject.email})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = account_services.user_create(
                    actor=request.user,
                    role=Role.PRODUCER,
                    unit=None,
                    subject=subject,
                    **form.cleaned_data,
                )
                account_services.invitation_send(actor=request.user, user=person)
        except (ValidationError, TransitionError) as error:
            form.add_error(None, getattr(error, "messages", None) or str(error))
        else:
            messages.success(
                request,
                _("An invitation to set a password was sent to %(email)s.")
                % {"email": person.email},
            )
            return redirect("subjects:subject_detail", pk=subject.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("Invite an account for %(name)s") % {"name": subject.name},
            "intro": _(
                "The producer's account sees only this producer's records: its ideas, "
                "dossiers, results and public page."
            ),
            "cancel_url": reverse("subjects:subject_detail", args=[subject.pk]),
        },
    )


def _subject_form_page(request, form, title, cancel_url):
    return render(
        request, "partials/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url}
    )


@login_required
def subject_create(request):
    require(may_start(request.user, policies.SUBJECTS))
    form = SubjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        subject = services.subject_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Producer registered."))
        return redirect("subjects:subject_detail", pk=subject.pk)
    return _subject_form_page(
        request, form, _("Register a producer"), reverse("subjects:subject_list")
    )


@login_required
def subject_edit(request, pk: int):
    subject = selectors.subject_get(request.user, pk)
    require(policies.SUBJECTS.may_act(request.user, subject, "edit"))
    form = SubjectForm(request.POST or None, instance=subject, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.subject_update(
            actor=request.user,
            subject=subject,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        messages.success(request, _("Changes saved."))
        return redirect("subjects:subject_detail", pk=subject.pk)
    return _subject_form_page(
        request, form, _("Edit producer"), reverse("subjects:subject_detail", args=[pk])
    )


@login_required
def craft_village_list(request):
    return render_list(
        request,
        CRAFT_VILLAGES,
        selectors.craft_village_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.CRAFT_VILLAGES,
                (_("Add a craft village"), "subjects:craft_village_create"),
            )
        },
    )


def _save_village(request, village):
    may_edit = may_save(request.user, policies.CRAFT_VILLAGES, village)
    if village.pk and request.method == "GET" and not may_edit:
        return render_readonly(
            request,
            CraftVillageForm(instance=village, user=request.user),
            title=_("Craft village: %(name)s") % {"name": village.name},
            back_url=reverse("subjects:craft_village_list"),
        )
    require(may_edit)
    form = CraftVillageForm(request.POST or None, instance=village, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.craft_village_save(
            actor=request.user,
            village=form.save(commit=False),
            subjects=form.cleaned_data["subjects"],
        )
        messages.success(request, _("Craft village saved."))
        return redirect("subjects:craft_village_list")
    title = _("Edit craft village") if village.pk else _("Add a craft village")
    return _subject_form_page(request, form, title, reverse("subjects:craft_village_list"))


@login_required
def craft_village_create(request):
    return _save_village(request, CraftVillage())


@login_required
def craft_village_edit(request, pk: int):
    return _save_village(request, selectors.craft_village_get(request.user, pk))


@login_required
def raw_material_area_list(request):
    return render_list(
        request,
        RAW_MATERIAL_AREAS,
        selectors.raw_material_area_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.RAW_MATERIAL_AREAS,
                (_("Add a raw-material area"), "subjects:raw_material_area_create"),
            )
        },
    )


def _save_area(request, area):
    # the communes it spans are checked one by one when the form is posted
    may_edit = may_start(request.user, policies.RAW_MATERIAL_AREAS, "edit" if area.pk else "create")
    if area.pk and request.method == "GET" and not may_edit:
        return render_readonly(
            request,
            RawMaterialAreaForm(instance=area, user=request.user),
            title=_("Raw-material area: %(name)s") % {"name": area.name},
            back_url=reverse("subjects:raw_material_area_list"),
        )
    require(may_edit)
    form = RawMaterialAreaForm(request.POST or None, instance=area, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.raw_material_area_save(
            actor=request.user,
            area=form.save(commit=False),
            communes=form.cleaned_data["communes"],
            subjects=form.cleaned_data["subjects"],
        )
        messages.success(request, _("Raw-material area saved."))
        return redirect("subjects:raw_material_area_list")
    title = _("Edit raw-material area") if area.pk else _("Add a raw-material area")
    return _subject_form_page(request, form, title, reverse("subjects:raw_material_area_list"))


@login_required
def raw_material_area_create(request):
    return _save_area(request, RawMaterialArea())


@login_required
def raw_material_area_edit(request, pk: int):
    return _save_area(request, selectors.raw_material_area_get(request.user, pk))
