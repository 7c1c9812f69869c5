from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.places import place_on
from accounts.policy import Policy, may_start, require, start_actions
from evaluation.selectors import certificates_of
from ocop_portal.exceptions import TransitionError
from ocop_portal.history import history_of
from ocop_portal.listing import Column, ListDefinition, render_list
from products import policies, selectors, services
from products.filters import CampaignFilter, IdeaFilter, PlanFilter, ProductFilter, SupportFilter
from products.forms import (
    AppraisalForm,
    CampaignForm,
    DecisionForm,
    IdeaForm,
    IdeaProducerForm,
    PlanForm,
    PlanProductForm,
    ProductForm,
    ProductPhotoForm,
    SaveModeForm,
    SupportForm,
)
from products.models import IdeaStatus, ProductSector, ProductSet, ProductStatus


def _form_page(request, form, title, cancel_url, **extra):
    return render(
        request,
        "partials/form_page.html",
        {"form": form, "title": title, "cancel_url": cancel_url, **extra},
    )


# --- Products ----------------------------------------------------------------------------------


def _place(product) -> str:
    """A recognised product's commune as it was named on the day of its certificate in force
    ("Thị trấn Lao Bảo, huyện Hướng Hóa — nay là Xã Lao Bảo"); otherwise today's commune."""

    subject = product.subject
    return place_on(
        getattr(product, "recognised_on", None),
        legacy=subject.legacy_commune,
        current=subject.commune,
    )


PRODUCT_STATUSES = dict(ProductStatus.choices)  # a row's status label, without a lookup per row

PRODUCTS = ListDefinition(
    title=gettext_lazy("Products"),
    filterset_class=ProductFilter,
    export_name="san-pham",
    default_sort="name",
    columns=[
        Column(
            gettext_lazy("Product"),
            lambda p: p.name,
            link=lambda p: reverse("products:product_detail", args=[p.pk]),
            sort="name",
        ),
        Column(gettext_lazy("Product code"), lambda p: p.code, sort="code", nowrap=True),
        Column(gettext_lazy("Product set"), lambda p: p.set_code, sort="product_set__code"),
        Column(
            gettext_lazy("Sector"), lambda p: p.sector_name, sort="product_set__group__sector__name"
        ),
        Column(
            gettext_lazy("Producer"),
            lambda p: p.subject.name,
            link=lambda p: reverse("subjects:subject_detail", args=[p.subject_id]),
            sort="subject__name",
        ),
        Column(gettext_lazy("Commune"), lambda p: _place(p), sort="subject__commune__name"),
        Column(gettext_lazy("Stars"), lambda p: p.stars, numeric=True, sort="stars"),
        Column(
            gettext_lazy("Certificate valid until"), lambda p: p.valid_until, sort="valid_until"
        ),
        Column(
            gettext_lazy("Status"),
            lambda p: PRODUCT_STATUSES.get(p.status, p.status),
            sort="status",
        ),
    ],
)


def listed_products(products):
    """The product list's rows: what its columns (and its export, the same columns) show, and
    nothing else. The product set's code and its sector's name come from a small subquery per
    row rather than three more joins: PostgreSQL plans a query's joins together, at a cost that
    climbs with every table, and planning this page took longer than running it."""

    product_set = OuterRef("product_set_id")
    return (
        products.select_related(None)
        .select_related("subject__commune", "subject__legacy_commune__parent")
        .annotate(
            set_code=Subquery(ProductSet.objects.filter(pk=product_set).order_by().values("code")),
            sector_name=Subquery(
                ProductSector.objects.filter(groups__sets=product_set).order_by().values("name")
            ),
        )
        .only(
            "name",
            "code",
            "status",
            "product_set",
            "subject__name",
            "subject__commune__name",
            "subject__legacy_commune__name",
            "subject__legacy_commune__level",
            "subject__legacy_commune__parent__name",
            "subject__legacy_commune__parent__level",
        )
    )


@login_required
def product_list(request):

    products = selectors.with_certificate_in_force(
        selectors.product_list(request.user), timezone.localdate()
    )
    return render_list(
        request,
        PRODUCTS,
        listed_products(products),
        extra={
            "actions": start_actions(
                request.user,
                policies.PRODUCTS,
                (_("Add a product"), "products:product_create"),
            )
        },
    )


@login_required
def product_detail(request, pk: int):

    product = selectors.product_get(request.user, pk)
    return render(
        request,
        "products/product_detail.html",
        {
            "product": product,
            "photos": product.photos.all(),
            "certificates": certificates_of(request.user, product),
            "plans": selectors.plan_list(request.user).filter(product=product),
            "history": history_of(product),
            "allowed": policies.PRODUCTS.allowed_steps(request.user, product),
            "photo_form": ProductPhotoForm(),
        },
    )


@login_required
def product_create(request):
    require(may_start(request.user, policies.PRODUCTS))
    form = ProductForm(
        request.POST or None, user=request.user, initial={"subject": request.GET.get("subject")}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            product = services.product_create(actor=request.user, **data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Product registered with code %(code)s.") % {"code": product.code}
            )
            return redirect("products:product_detail", pk=product.pk)
    return _form_page(request, form, _("Add a product"), reverse("products:product_list"))


@login_required
def product_edit(request, pk: int):
    product = selectors.product_get(request.user, pk)
    require(policies.PRODUCTS.may_act(request.user, product, "edit"))
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.product_update(actor=request.user, product=product, **changed)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("products:product_detail", pk=pk)
    return _form_page(
        request, form, _("Edit product"), reverse("products:product_detail", args=[pk])
    )


@login_required
@require_POST
def product_photo_add(request, pk: int):
    product = selectors.product_get(request.user, pk)
    require(policies.PRODUCTS.may_act(request.user, product, "add-photo"))
    form = ProductPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.product_photo_add(
            actor=request.user,
            product=product,
            image=form.cleaned_data["image"],
            extension=form.extension,
            caption=form.cleaned_data["caption"],
        )
        messages.success(request, _("Photo added."))
        return redirect("products:product_detail", pk=pk)
    return _form_page(
        request, form, _("Add a photo"), reverse("products:product_detail", args=[pk])
    )


# --- Ideas ------------------------------------------------------------------------------------

IDEAS = ListDefinition(
    title=gettext_lazy("Product ideas"),
    filterset_class=IdeaFilter,
    export_name="y-tuong-san-pham",
    default_sort="-year",
    columns=[
        Column(
            gettext_lazy("Product name"),
            lambda i: i.product_name,
            link=lambda i: reverse("products:idea_detail", args=[i.pk]),
            sort="product_name",
        ),
        Column(gettext_lazy("Proposer"), lambda i: i.proposer),
        Column(gettext_lazy("Commune"), lambda i: i.commune.name, sort="commune__name"),
        Column(gettext_lazy("Product set"), lambda i: i.product_set.code, sort="product_set__code"),
        Column(gettext_lazy("Year"), lambda i: str(i.year), sort="year"),
        Column(gettext_lazy("Status"), lambda i: i.get_status_display(), sort="status"),
    ],
)


@login_required
def idea_list(request):
    return render_list(
        request,
        IDEAS,
        selectors.idea_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.IDEAS,
                (_("Register a product idea"), "products:idea_create"),
            )
        },
    )


def _idea_page(request, idea, decision_form=None, status=200):
    user = request.user
    return render(
        request,
        "products/idea_detail.html",
        {
            "idea": idea,
            "history": history_of(idea),
            "allowed": policies.IDEAS.allowed_steps(user, idea),
            "decision_form": decision_form or DecisionForm(),
            "plans": selectors.plan_list(user).filter(idea=idea),
        },
        status=status,
    )


@login_required
def idea_detail(request, pk: int):
    return _idea_page(request, selectors.idea_get(request.user, pk))


def _save_idea(request, idea=None):
    if idea is None:
        require(may_start(request.user, policies.IDEAS))
    else:
        require(policies.IDEAS.may_act(request.user, idea, "edit"))
        if not policies.IDEAS.can(request.user, idea, "edit"):
            messages.error(request, policies.IDEAS.step("edit").refusal)
            return redirect("products:idea_detail", pk=idea.pk)
    form = IdeaForm(request.POST or None, instance=idea, user=request.user)
    if request.method == "POST" and form.is_valid():
        submit = SaveModeForm.submitting(request.POST)
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if idea is None:
                idea = services.idea_create(actor=request.user, submit=submit, **data)
            else:
                idea = services.idea_update(actor=request.user, idea=idea, **data)
                if submit:
                    idea = services.idea_submit(actor=request.user, idea=idea)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The idea has been submitted for screening.")
                if submit
                else _("The idea has been saved as a draft."),
            )
            return redirect("products:idea_detail", pk=idea.pk)
    buttons = [
        ("submit", _("Save and submit"), "success"),
        ("save", _("Save draft"), "outline-success"),
    ]
    title = _("Edit product idea") if idea else _("Register a product idea")
    cancel = (
        reverse("products:idea_detail", args=[idea.pk]) if idea else reverse("products:idea_list")
    )
    intro = idea.guidance if idea and idea.status == IdeaStatus.RETURNED else ""
    return _form_page(
        request,
        form,
        title,
        cancel,
        buttons=buttons,
        intro=_("Guidance from the screening: %(text)s") % {"text": intro} if intro else "",
    )


@login_required
def idea_create(request):
    return _save_idea(request)


@login_required
def idea_edit(request, pk: int):
    return _save_idea(request, selectors.idea_get(request.user, pk))


@dataclass(frozen=True)
class Step:
    """One workflow step reachable by POST: its name in the policy, the service, what to say."""

    name: str
    service: Callable
    done: str
    decision: bool = False  # accept / return: takes the written-guidance form
    guidance_required: bool = False  # returning must say what to change


IDEA_STEPS = {
    "submit": Step(
        "submit",
        services.idea_submit,
        gettext_lazy("The idea has been submitted for screening."),
    ),
    "withdraw": Step(
        "withdraw", services.idea_withdraw, gettext_lazy("The idea has been withdrawn.")
    ),
    "accept": Step(
        "accept",
        services.idea_accept,
        gettext_lazy("The idea has been accepted."),
        decision=True,
    ),
    # a producer's own proposal: the commune officer sends it back to the producer
    "send-back": Step(
        "send-back",
        services.idea_send_back,
        gettext_lazy("The proposal has been returned to the producer with guidance."),
        decision=True,
        guidance_required=True,
    ),
    "return": Step(
        "return",
        services.idea_return,
        gettext_lazy("The idea has been returned with guidance."),
        decision=True,
        guidance_required=True,
    ),
}


def _take_step(request, policy: Policy, step: Step, *, record, record_kwargs, page, detail_url):
    # Who may take the step is settled before what they typed is checked.
    require(policy.may_act(request.user, record, step.name))
    kwargs = dict(record_kwargs)
    if step.decision:
        form = DecisionForm(request.POST, returning=step.guidance_required)
        if not form.is_valid():
            return page(decision_form=form, status=400)
        kwargs["guidance"] = form.cleaned_data["guidance"]
    try:
        step.service(actor=request.user, **kwargs)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, step.done)
    return redirect(detail_url)


@login_required
@require_POST
def idea_transition(request, pk: int, action: str):
    idea = selectors.idea_get(request.user, pk)
    return _take_step(
        request,
        policies.IDEAS,
        IDEA_STEPS[action],
        record=idea,
        record_kwargs={"idea": idea},
        page=lambda **extra: _idea_page(request, idea, **extra),
        detail_url=reverse("products:idea_detail", args=[pk]),
    )


# --- Business plans -----------------------------------------------------------------------------

PLANS = ListDefinition(
    title=gettext_lazy("Business plans"),
    filterset_class=PlanFilter,
    export_name="phuong-an-kinh-doanh",
    default_sort="-year",
    columns=[
        Column(
            gettext_lazy("Title"),
            lambda p: p.title,
            link=lambda p: reverse("products:plan_detail", args=[p.pk]),
            sort="title",
        ),
        Column(gettext_lazy("Producer"), lambda p: p.subject.name, sort="subject__name"),
        Column(gettext_lazy("Commune"), lambda p: p.commune.name, sort="commune__name"),
        Column(gettext_lazy("Year"), lambda p: str(p.year), sort="year"),
        Column(gettext_lazy("Status"), lambda p: p.get_status_display(), sort="status"),
    ],
)


@login_required
def plan_list(request):
    return render_list(
        request,
        PLANS,
        selectors.plan_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.PLANS,
                (_("Add a business plan"), "products:plan_create"),
            )
        },
    )


def _plan_page(request, plan, decision_form=None, status=200):
    user = request.user
    needs_appraisal = services.plan_needs_appraisal(plan)
    return render(
        request,
        "products/plan_detail.html",
        {
            "plan": plan,
            "funding": plan.funding.all(),
            "needs_appraisal": needs_appraisal,
            "history": history_of(plan),
            "support": selectors.support_list(user).filter(plan=plan),
            "allowed": policies.PLANS.allowed_steps(user, plan),
            "decision_form": decision_form or DecisionForm(),
        },
        status=status,
    )


@login_required
def plan_detail(request, pk: int):
    return _plan_page(request, selectors.plan_get(request.user, pk))


def _save_plan(request, plan=None):
    if plan is None:
        require(may_start(request.user, policies.PLANS))
    else:
        require(policies.PLANS.may_act(request.user, plan, "edit"))
        if not policies.PLANS.can(request.user, plan, "edit"):
            messages.error(request, policies.PLANS.step("edit").refusal)
            return redirect("products:plan_detail", pk=plan.pk)
    initial = {}
    if plan is None and request.GET.get("idea"):
        idea = selectors.idea_get(request.user, request.GET["idea"])
        initial = {
            "idea": idea.pk,
            "subject": idea.proposer_subject_id,
            "title": idea.product_name,
            "year": idea.year,
        }
    form = PlanForm(request.POST or None, instance=plan, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = SaveModeForm.submitting(request.POST)
        try:
            if plan is None:
                plan = services.plan_create(
                    actor=request.user, funding=form.funding, **form.plan_fields
                )
            else:
                fields = form.plan_fields
                fields.pop("idea"), fields.pop("product")
                plan = services.plan_update(
                    actor=request.user, plan=plan, funding=form.funding, **fields
                )
            if submit:
                plan = services.plan_submit(actor=request.user, plan=plan)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The plan has been submitted for screening.")
                if submit
                else _("The plan has been saved as a draft."),
            )
            return redirect("products:plan_detail", pk=plan.pk)
    buttons = [
        ("submit", _("Save and submit"), "success"),
        ("save", _("Save draft"), "outline-success"),
    ]
    title = _("Edit business plan") if plan else _("Add a business plan")
    cancel = (
        reverse("products:plan_detail", args=[plan.pk]) if plan else reverse("products:plan_list")
    )
    return _form_page(request, form, title, cancel, buttons=buttons)


@login_required
def plan_create(request):
    return _save_plan(request)


@login_required
def plan_edit(request, pk: int):
    return _save_plan(request, selectors.plan_get(request.user, pk))


@login_required
def plan_appraise(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    require(policies.PLANS.may_act(request.user, plan, "appraise"))
    form = AppraisalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_appraise(
                actor=request.user,
                plan=plan,
                appraised_by=form.cleaned_data["appraised_by"],
                appraised_on=form.cleaned_data["appraised_on"],
                conclusion=form.cleaned_data["conclusion"],
                notes=form.cleaned_data["notes"],
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Appraisal recorded."))
        return redirect("products:plan_detail", pk=pk)
    earlier = (
        _("Earlier appraisal: %(by)s, %(on)s — %(conclusion)s. %(notes)s")
        % {
            "by": plan.appraised_by,
            "on": plan.appraised_on.strftime("%d/%m/%Y"),
            "conclusion": plan.get_appraisal_conclusion_display(),
            "notes": plan.appraisal_notes,
        }
        if plan.appraised_on
        else ""
    )
    return _form_page(
        request,
        form,
        _("Appraisal of the business plan"),
        reverse("products:plan_detail", args=[pk]),
        intro=earlier,
    )


PLAN_STEPS = {
    "submit": Step(
        "submit", services.plan_submit, gettext_lazy("The plan has been submitted for screening.")
    ),
    "accept": Step(
        "accept",
        services.plan_accept,
        gettext_lazy("The plan has been accepted."),
        decision=True,
    ),
    "return": Step(
        "return",
        services.plan_return,
        gettext_lazy("The plan has been returned with guidance."),
        decision=True,
        guidance_required=True,
    ),
}


@login_required
@require_POST
def plan_transition(request, pk: int, action: str):
    plan = selectors.plan_get(request.user, pk)
    return _take_step(
        request,
        policies.PLANS,
        PLAN_STEPS[action],
        record=plan,
        record_kwargs={"plan": plan},
        page=lambda **extra: _plan_page(request, plan, **extra),
        detail_url=reverse("products:plan_detail", args=[pk]),
    )


# --- Support log and communication campaigns -------------------------------------------------

SUPPORT = ListDefinition(
    title=gettext_lazy("Support log"),
    filterset_class=SupportFilter,
    export_name="ho-tro",
    default_sort="-date",
    columns=[
        Column(gettext_lazy("Date"), lambda s: s.date, sort="date"),
        Column(
            gettext_lazy("Producer"),
            lambda s: s.subject.name,
            link=lambda s: reverse("subjects:subject_detail", args=[s.subject_id]),
            sort="subject__name",
        ),
        Column(gettext_lazy("Kind"), lambda s: s.get_kind_display(), sort="kind"),
        Column(gettext_lazy("Provided by"), lambda s: s.provided_by),
        Column(gettext_lazy("Cost (VND)"), lambda s: s.cost, numeric=True, sort="cost"),
        Column(gettext_lazy("Funding source"), lambda s: s.get_funding_source_display()),
        Column(gettext_lazy("Outcome"), lambda s: s.outcome),
    ],
)

CAMPAIGNS = ListDefinition(
    title=gettext_lazy("Communication campaigns"),
    filterset_class=CampaignFilter,
    export_name="tuyen-truyen",
    default_sort="-date",
    columns=[
        Column(gettext_lazy("Date"), lambda c: c.date, sort="date"),
        Column(gettext_lazy("Title"), lambda c: c.title, sort="title"),
        Column(gettext_lazy("Unit"), lambda c: c.unit.name, sort="unit__name"),
        Column(gettext_lazy("Channel"), lambda c: c.get_channel_display(), sort="channel"),
        Column(
            gettext_lazy("People reached"),
            lambda c: c.audience_reached,
            numeric=True,
            sort="audience_reached",
        ),
    ],
)


@login_required
def support_list(request):
    return render_list(
        request,
        SUPPORT,
        selectors.support_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.SUPPORT,
                (_("Record support"), "products:support_create"),
            )
        },
    )


@login_required
def support_create(request):
    require(may_start(request.user, policies.SUPPORT))
    form = SupportForm(
        request.POST or None,
        user=request.user,
        initial={"subject": request.GET.get("subject"), "plan": request.GET.get("plan")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        subject = data.pop("subject")
        services.support_record(actor=request.user, subject=subject, **data)
        messages.success(request, _("Support recorded."))
        return redirect("products:support_list")
    return _form_page(request, form, _("Record support"), reverse("products:support_list"))


@login_required
def campaign_list(request):
    return render_list(
        request,
        CAMPAIGNS,
        selectors.campaign_list(request.user),
        extra={
            "actions": start_actions(
                request.user,
                policies.CAMPAIGNS,
                (_("Record a campaign"), "products:campaign_create"),
            )
        },
    )


@login_required
def campaign_create(request):
    require(may_start(request.user, policies.CAMPAIGNS))
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        services.campaign_record(actor=request.user, unit=unit, **data)
        messages.success(request, _("Campaign recorded."))
        return redirect("products:campaign_list")
    return _form_page(request, form, _("Record a campaign"), reverse("products:campaign_list"))


# --- Links along the cycle: idea → producer, plan → product -----------------------------------


@login_required
def idea_link_producer(request, pk: int):
    idea = selectors.idea_get(request.user, pk)
    require(policies.IDEAS.may_act(request.user, idea, "link-producer"))
    form = IdeaProducerForm(
        request.POST or None, user=request.user, initial={"subject": idea.proposer_subject_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_link_producer(
                actor=request.user, idea=idea, subject=form.cleaned_data["subject"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The idea is linked to its producer."))
            return redirect("products:idea_detail", pk=idea.pk)
    return _form_page(
        request,
        form,
        _("Link the idea to the producer it became"),
        reverse("products:idea_detail", args=[idea.pk]),
        intro=idea.product_name,
    )


@login_required
def plan_link_product(request, pk: int):
    plan = selectors.plan_get(request.user, pk)
    require(policies.PLANS.may_act(request.user, plan, "link-product"))
    form = PlanProductForm(
        request.POST or None, user=request.user, plan=plan, initial={"product": plan.product_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_link_product(
                actor=request.user, plan=plan, product=form.cleaned_data["product"]
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The plan is linked to its product."))
            return redirect("products:plan_detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        _("Link the plan to its product"),
        reverse("products:plan_detail", args=[plan.pk]),
        intro=f"{plan.title} · {plan.subject.name}",
    )
