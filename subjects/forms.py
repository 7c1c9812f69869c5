from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.lookups import people
from accounts.models import UnitLevel
from accounts.scope import units_visible_to
from accounts.selectors import assignments_visible_to
from ocop_portal.concurrency import VersionedFormMixin
from ocop_portal.text import normalise_registration_number
from ocop_portal.typeahead import TypeaheadSelect
from subjects.models import (
    Attendance,
    CraftVillage,
    LegalForm,
    RawMaterialArea,
    Subject,
    TrainingCourse,
)
from subjects.selectors import subject_list, subjects_for_choice
from subjects.sme import classify_figures

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def current_communes(user):
    return units_visible_to(user).filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)


def legacy_communes(user):
    return (
        units_visible_to(user)
        .filter(level=UnitLevel.COMMUNE, valid_to__isnull=False)
        .select_related("parent")
    )


class LegacyCommuneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.parent.name})"


class SubjectForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Subject
        fields = [
            "name",
            "legal_form",
            "sme_size",
            "sme_sector",
            "insured_labour",
            "annual_revenue",
            "total_capital",
            "registration_number",
            "founded_on",
            "address",
            "commune",
            "legacy_commune",
            "phone",
            "email",
            "representative_name",
            "representative_title",
            "representative_gender",
            "representative_ethnicity",
            "representative_disability",
            "community_capital_share",
            "workforce",
            "local_labour_share",
            "status",
            "green_chain_status",
            "green_chain_since",
            "green_chain_evidence",
        ]
        widgets = {
            "founded_on": DATE_INPUT,
            "green_chain_since": DATE_INPUT,
            "green_chain_evidence": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"legacy_commune": LegacyCommuneChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["commune"].queryset = current_communes(user)
        self.fields["legacy_commune"].queryset = legacy_communes(user)
        self.fields["representative_name"].required = True

    def clean_registration_number(self):
        number = normalise_registration_number(self.cleaned_data["registration_number"])
        if not number:
            raise forms.ValidationError(_("Enter the tax or business-registration number."))
        existing = Subject.objects.filter(registration_number=number).exclude(pk=self.instance.pk)
        duplicate = existing.first()
        if duplicate is not None:
            if subject_list(self.user).filter(pk=duplicate.pk).exists():
                raise forms.ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("A producer with this number is already registered:"),
                        reverse("subjects:subject_detail", args=[duplicate.pk]),
                        duplicate.name,
                    )
                )
            raise forms.ValidationError(
                _("A producer with this number is already registered in another unit.")
            )
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("legal_form") != LegalForm.ENTERPRISE:
            cleaned["sme_size"] = ""
        elif not cleaned.get("sme_size") and not classify_figures(
            cleaned.get("sme_sector", ""),
            cleaned.get("insured_labour"),
            cleaned.get("annual_revenue"),
            cleaned.get("total_capital"),
        ):
            # the class may also follow from the figures (Nghị định 80/2021, subjects/sme.py)
            self.add_error("sme_size", _("Choose the size class of the enterprise."))
        if cleaned.get("green_chain_status") == "achieved" and not (
            cleaned.get("green_chain_since") and cleaned.get("green_chain_evidence")
        ):
            self.add_error(
                "green_chain_evidence",
                _("A green value chain needs its start date and evidence."),
            )
        return cleaned


class CraftVillageForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = CraftVillage
        fields = [
            "name",
            "commune",
            "traditional",
            "recognised_on",
            "recognition_decision",
            "subjects",
        ]
        widgets = {"recognised_on": DATE_INPUT, "subjects": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = current_communes(user)
        self.fields["subjects"].queryset = subjects_for_choice(user)


class RawMaterialAreaForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RawMaterialArea
        fields = [
            "name",
            "communes",
            "hectares",
            "growing_area_code",
            "certification",
            "certified_until",
            "subjects",
        ]
        widgets = {
            "certified_until": DATE_INPUT,
            "subjects": forms.CheckboxSelectMultiple,
            "communes": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = current_communes(user)
        self.fields["subjects"].queryset = subjects_for_choice(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("certification") not in (None, "", "none") and not cleaned.get(
            "certified_until"
        ):
            self.add_error("certified_until", _("Give the certificate's validity."))
        return cleaned


class CourseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["topic", "title", "starts_on", "ends_on", "organiser", "unit", "funding"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # the unit that held the course, found by typing among the units the person sees
        self.fields["unit"].queryset = units_visible_to(user)
        self.fields["unit"].widget = TypeaheadSelect("units")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return cleaned


class AttendanceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["person_name", "role", "user", "assignment", "subject"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # found by typing: staff of the area (and council members for the organisers), and the
        # producer a leader heads, instead of every producer of the area in one drop-down
        self.fields["user"].queryset = people(user, {})
        self.fields["user"].widget = TypeaheadSelect("people")
        self.fields["subject"].queryset = subjects_for_choice(user)
        self.fields["subject"].widget = TypeaheadSelect("producers")
        self.fields["assignment"].queryset = assignments_visible_to(user).filter(user=None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == "subject_leader" and not cleaned.get("subject"):
            self.add_error("subject", _("Choose the producer this leader heads."))
        return cleaned
