from django import forms
from django.core.cache import cache
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import AdministrativeUnit, Notification, UnitLevel
from accounts.scope import scope_for, units_generation_for, units_visible_to
from ocop_portal.collation import vi
from ocop_portal.concurrency import VersionedFormMixin
from reports.kpi import plan_period, plan_territory, scope_label
from reports.models import (
    ActivityStatus,
    ReportFormat,
    Target,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def report_units(user):
    """Scopes a report can take: plan 180's territory (old Quảng Trị, first), the merged
    province (labelled as such), an old district of the plan, a new commune."""
    territory = plan_territory()
    return (
        units_visible_to(user)
        .filter(
            Q(pk=getattr(territory, "pk", None))
            | Q(level=UnitLevel.PROVINCE, valid_to__isnull=True)
            | Q(level=UnitLevel.DISTRICT, valid_to__isnull=False, parent=territory)
            | Q(level=UnitLevel.COMMUNE, valid_to__isnull=True)
        )
        # plan 180's territory first, then the merged province, the old districts and the
        # communes, each alphabetical
        .order_by(
            Case(
                When(level=UnitLevel.PROVINCE, then=Value(0)),
                When(level=UnitLevel.DISTRICT, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            F("valid_to").desc(nulls_last=True),
            vi("name"),
        )
    )


def _default_report_unit(user):
    units = report_units(user)
    if user.unit_id and getattr(user.unit, "level", "") != UnitLevel.PROVINCE:
        own = units.filter(pk=user.unit_id).first()
        if own:
            return own
    return (
        units.filter(pk=getattr(plan_territory(), "pk", None)).first()
        or units.filter(pk=user.unit_id).first()
        or units.first()
    )


SCOPE_CHOICES_SECONDS = 600


def report_scope_choices(user):
    """The scopes a user may report on, as (default unit, [(pk, label), …]).

    They depend on the user's area and the reference units only, and every dashboard view
    renders all of them (several hundred communes): computed once per area, language and
    generation of the units, and kept in the shared cache."""
    scope = scope_for(user)
    area = hash(tuple(sorted(scope.unit_ids)))
    generation = units_generation_for(user)
    key = f"ocop:scope-choices:{scope.role}:{user.unit_id}:{area}:{get_language()}:{generation}"
    cached = cache.get(key)
    if cached is None:
        field = ReportUnitField(queryset=report_units(user))
        cached = (
            _default_report_unit(user),
            [(int(str(value)), str(label)) for value, label in field.choices if value != ""],
        )
        cache.set(key, cached, SCOPE_CHOICES_SECONDS)
    return cached


def default_report_unit(user):
    """Province staff and leaders start from plan 180's territory; others from their unit."""
    return report_scope_choices(user)[0]


class ReportUnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return scope_label(obj)


class ScopeForm(forms.Form):
    unit = ReportUnitField(label=_("Scope"), queryset=None, required=False)
    as_of = forms.DateField(label=_("As of"), widget=DATE, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        default, choices = report_scope_choices(user)
        unit = self.fields["unit"]
        # what a chosen scope is checked against (only when one was chosen)
        unit.queryset = (
            report_units(user)
            if self.is_bound and self.data.get("unit")
            else AdministrativeUnit.objects.none()
        )
        unit.choices = [("", unit.empty_label), *choices]  # what the bar shows, cached
        # the form shows what the page shows when nothing is chosen: plan 180's territory for
        # the province (the user's own unit below it), today
        if default is not None:
            self.fields["unit"].initial = default.pk
        self.fields["as_of"].initial = timezone.localdate()

    def clean_as_of(self):
        return self.cleaned_data["as_of"] or timezone.localdate()


class ReportRequestForm(forms.Form):
    unit = ReportUnitField(label=_("Scope"), queryset=None)
    # the plan's last day (plan 180: 31/12/2025), the date its report is asked for most
    as_of = forms.DateField(label=_("As of"), widget=DATE, initial=lambda: plan_period()[1])
    format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    number = forms.CharField(
        label=_("Document number"),
        required=False,
        max_length=20,
        help_text=_(
            "Only when the registry has given one (e.g. 125); left empty, the printout leaves "
            "the number blank to be filled in by hand."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = report_units(user)
        self.fields["unit"].initial = default_report_unit(user)

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not number.isdigit():
            raise forms.ValidationError(_("Enter the number only, in digits (e.g. 125)."))
        return number


class TargetForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "title",
            "definition",
            "target_min",
            "target_max",
            "secondary_min",
            "unit",
            "deadline",
            "legal_source",
        ]
        widgets = {"deadline": DATE, "definition": forms.Textarea(attrs={"rows": 3})}


class ActivityStatusForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ActivityStatus
        fields = ["status", "evidence", "notes"]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class MarkReadForm(forms.Form):
    """The inbox's ticked messages; only the reader's own can be chosen."""

    notification = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notification"].queryset = Notification.objects.filter(recipient=user)
