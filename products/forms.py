from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, UnitLevel
from accounts.scope import units_visible_to
from ocop_portal.concurrency import VersionedFormMixin
from ocop_portal.text import fold
from ocop_portal.typeahead import TypeaheadSelect
from ocop_portal.uploads import check_photo
from products.models import (
    AppraisalConclusion,
    BusinessPlan,
    CommunicationCampaign,
    FundingSource,
    IdeaStatus,
    Product,
    ProductIdea,
    SupportActivity,
)
from products.selectors import idea_list, plan_list, product_list
from subjects.forms import DATE_INPUT, current_communes
from subjects.selectors import subject_list, subjects_for_choice

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _subjects(user):

    return subjects_for_choice(user)


class ProductForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "subject",
            "product_set",
            "name",
            "name_en",
            "description",
            "description_en",
            "packaging",
            "status",
            "legacy_code",
        ]
        widgets = {
            "subject": TypeaheadSelect("producers"),
            "description": TEXTAREA,
            "description_en": TEXTAREA,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = _subjects(user)
        if self.instance.pk:
            # a product stays with its producer; moving it is a new registration
            self.fields["subject"].disabled = True

    def clean(self):
        cleaned = super().clean()
        subject, product_set = cleaned.get("subject"), cleaned.get("product_set")
        if (
            subject
            and product_set
            and subject.legal_form in ("association", "operating_centre")
            and not product_set.is_tourism
        ):
            self.add_error(
                "product_set",
                _("Associations and operating centres may register tourism products only."),
            )
        if subject and cleaned.get("name"):
            clash = Product.objects.filter(subject=subject, name_key=fold(cleaned["name"]))
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("name", _("This producer already has a product with this name."))
        return cleaned


class ProductPhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 5 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.extension = check_photo(upload)
        return upload


class IdeaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ProductIdea
        fields = [
            "commune",
            "proposer_subject",
            "proposer_name",
            "proposer_phone",
            "product_name",
            "product_set",
            "description",
            "raw_material_origin",
            "local_labour",
            "intended_market",
            "support_needed",
        ]
        widgets = {
            **dict.fromkeys(
                ["description", "raw_material_origin", "intended_market", "support_needed"],
                TEXTAREA,
            ),
            "proposer_subject": TypeaheadSelect("producers"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communes = current_communes(user)
        self.fields["commune"].queryset = communes
        if user.role == Role.COMMUNE_OFFICER:
            self.fields["commune"].initial = user.unit_id
        self.fields["proposer_subject"].queryset = _subjects(user)
        self.fields["proposer_subject"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("proposer_subject") and not cleaned.get("proposer_name", "").strip():
            self.add_error(
                "proposer_name", _("Choose the proposing producer or give the proposing person.")
            )
        subject, product_set = cleaned.get("proposer_subject"), cleaned.get("product_set")
        if (
            subject
            and product_set
            and subject.legal_form in ("association", "operating_centre")
            and not product_set.is_tourism
        ):
            self.add_error(
                "product_set",
                _("Associations and operating centres may register tourism products only."),
            )
        return cleaned


class DecisionForm(forms.Form):
    """Accept or return: returning needs written guidance (plan 180, activity 5, step 2)."""

    guidance = forms.CharField(
        label=_("Written guidance"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Required when returning."),
    )

    def __init__(self, *args, returning: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.returning = returning

    def clean_guidance(self):
        guidance = self.cleaned_data["guidance"].strip()
        if self.returning and not guidance:
            raise forms.ValidationError(_("Write the guidance for the applicant."))
        return guidance


FUNDING_FIELDS = {f"funding_{source.value}": source for source in FundingSource}


class PlanForm(VersionedFormMixin, forms.ModelForm):
    version_also = tuple(FUNDING_FIELDS)  # the funding by source is part of the plan

    class Meta:
        model = BusinessPlan
        fields = [
            "idea",
            "product",
            "subject",
            "title",
            "objectives",
            "production_plan",
            "market_plan",
            "starts_on",
            "ends_on",
            "year",
        ]
        widgets = {
            "subject": TypeaheadSelect("producers"),
            "product": TypeaheadSelect("products"),
            "objectives": TEXTAREA,
            "production_plan": TEXTAREA,
            "market_plan": TEXTAREA,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
        }

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = idea_list(user).filter(status=IdeaStatus.ACCEPTED)
        self.fields["product"].queryset = product_list(user)
        self.fields["subject"].queryset = _subjects(user)
        self.fields["year"].initial = timezone.localdate().year
        existing = (
            {f.source: f.amount for f in self.instance.funding.all()} if self.instance.pk else {}
        )
        for name, source in FUNDING_FIELDS.items():
            self.fields[name] = forms.DecimalField(
                label=_("%(source)s (VND)") % {"source": source.label},
                min_value=0,
                decimal_places=0,
                max_digits=15,
                required=False,
                initial=existing.get(source),
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("idea") and not cleaned.get("product"):
            self.add_error("idea", _("Link the plan to an accepted idea or a product."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must not be before the start."))
        if not any(cleaned.get(name) for name in FUNDING_FIELDS):
            self.add_error(None, _("Give the plan's investment by at least one funding source."))
        return cleaned

    @property
    def funding(self) -> dict[str, Decimal]:
        return {
            source: self.cleaned_data.get(name) or Decimal(0)
            for name, source in FUNDING_FIELDS.items()
        }

    @property
    def plan_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AppraisalForm(forms.Form):
    appraised_by = forms.CharField(
        label=_("Appraised by"), max_length=255, help_text=_("Appraisal body or council")
    )
    appraised_on = forms.DateField(label=_("Appraisal date"), widget=DATE_INPUT)
    # A choice that decides something starts empty: the appraiser picks it deliberately.
    conclusion = forms.ChoiceField(
        label=_("Conclusion"), choices=[("", "— Chọn —"), *AppraisalConclusion.choices]
    )
    notes = forms.CharField(label=_("Notes"), widget=TEXTAREA, required=False)


class SupportForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SupportActivity
        fields = [
            "subject",
            "plan",
            "date",
            "kind",
            "provided_by",
            "cost",
            "funding_source",
            "outcome",
        ]
        widgets = {
            "subject": TypeaheadSelect("producers"),
            "date": DATE_INPUT,
            "outcome": TEXTAREA,
        }

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = _subjects(user)
        self.fields["plan"].queryset = plan_list(user)

    def clean(self):
        cleaned = super().clean()
        plan, subject = cleaned.get("plan"), cleaned.get("subject")
        if plan and subject and plan.subject_id != subject.pk:
            self.add_error("plan", _("The business plan belongs to another producer."))
        return cleaned


class CampaignForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CommunicationCampaign
        fields = ["unit", "date", "title", "channel", "audience_reached", "notes"]
        widgets = {"date": DATE_INPUT, "notes": TEXTAREA}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(
            Q(level=UnitLevel.COMMUNE, valid_to__isnull=True) | Q(pk=user.unit_id)
        )


class IdeaProducerForm(forms.Form):
    """The producer an accepted idea became, found by typing."""

    subject = forms.ModelChoiceField(
        label=_("Producer"), queryset=None, widget=TypeaheadSelect("producers")
    )

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subject_list(user)


class PlanProductForm(forms.Form):
    """The product an accepted plan led to: a product of the plan's producer."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=None)

    def __init__(self, *args, user, plan, **kwargs):

        super().__init__(*args, **kwargs)
        # the widget first: setting the queryset hands the widget its choices
        self.fields["product"].widget = TypeaheadSelect("products", producer=plan.subject_id)
        self.fields["product"].queryset = product_list(user).filter(subject=plan.subject_id)


class SaveModeForm(forms.Form):
    """Which button of an idea or plan form was pressed: "Save and submit" posts submit=1,
    "Save draft" does not. Read through a form like every other posted value."""

    submit = forms.BooleanField(required=False)

    @classmethod
    def submitting(cls, data) -> bool:
        form = cls(data)
        return form.is_valid() and form.cleaned_data["submit"]
