from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import UnitLevel
from accounts.scope import units_visible_to
from ocop_portal.concurrency import VersionedFormMixin
from ocop_portal.fields import HttpsURLField
from ocop_portal.typeahead import TypeaheadSelect
from ocop_portal.uploads import check_photo
from products.selectors import product_list
from promotion.models import (
    EventParticipation,
    Partner,
    ProducerPageRevision,
    SalesChannel,
    SalesPoint,
    TradeEvent,
)
from subjects.selectors import subjects_for_choice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _subjects(user):

    return subjects_for_choice(user)


def _products(user):

    return product_list(user).select_related(None).only("pk", "name").order_by("name")


class SalesPointForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SalesPoint
        fields = [
            "name",
            "kind",
            "address",
            "unit",
            "operator",
            "opened_on",
            "closed_on",
            "products",
        ]
        widgets = {
            "opened_on": DATE,
            "closed_on": DATE,
            "products": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(
            level=UnitLevel.COMMUNE, valid_to__isnull=True
        )
        self.fields["products"].queryset = _products(user)

    def clean(self):
        cleaned = super().clean()
        opened, closed = cleaned.get("opened_on"), cleaned.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("A sales point cannot close before it opens."))
        return cleaned


class ChannelForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = SalesChannel
        fields = ["subject", "kind", "name", "url", "started_on", "ended_on", "evidence"]
        widgets = {
            "subject": TypeaheadSelect("producers"),
            "started_on": DATE,
            "ended_on": DATE,
            "evidence": TEXTAREA,
        }
        field_classes = {"url": HttpsURLField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = _subjects(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "ecommerce" and not cleaned.get("url"):
            self.add_error("url", _("Give the address of the store on the platform."))
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("The end cannot precede the start."))
        return cleaned


class EventForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = TradeEvent
        fields = ["name", "level", "place", "unit", "starts_on", "ends_on", "organiser", "funding"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(
            Q(level=UnitLevel.PROVINCE, valid_to__isnull=True)
            | Q(level=UnitLevel.DISTRICT, valid_to__isnull=False)
            | Q(level=UnitLevel.COMMUNE, valid_to__isnull=True)
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The event cannot end before it starts."))
        return cleaned


class ParticipationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EventParticipation
        fields = ["subject", "products", "contracts_signed", "sales_value"]
        widgets = {"products": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = _subjects(user)
        self.fields["products"].queryset = _products(user)


class PartnerForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "name_en",
            "kind",
            "profile",
            "profile_en",
            "services",
            "contact_name",
            "phone",
            "email",
            "website",
            "subjects",
            "agreements",
            "published",
            "publish_contact_name",
            "publish_phone",
            "publish_email",
        ]
        widgets = {
            "profile": TEXTAREA,
            "profile_en": TEXTAREA,
            "services": TEXTAREA,
            "agreements": TEXTAREA,
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"website": HttpsURLField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = _subjects(user)


class ProducerPageForm(forms.ModelForm):
    """What the producer proposes for its public page; staff approve it before it shows."""

    website = HttpsURLField(label=_("Website"), required=False)
    new_photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB; leave empty to keep the current photo."),
    )

    class Meta:
        model = ProducerPageRevision
        fields = [
            "description",
            "description_en",
            "phone",
            "address",
            "website",
            "ecommerce_links",
            "where_to_buy",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "ecommerce_links": TEXTAREA,
            "where_to_buy": TEXTAREA,
        }

    def clean_ecommerce_links(self):
        field = forms.URLField(assume_scheme="https")
        links = []
        for line in self.cleaned_data["ecommerce_links"].splitlines():
            if line.strip():
                try:
                    links.append(field.clean(line.strip()))
                except forms.ValidationError:
                    raise forms.ValidationError(
                        _("“%(line)s” is not a web address.") % {"line": line.strip()[:80]}
                    ) from None
        return "\n".join(links)

    def clean_new_photo(self):

        upload = self.cleaned_data.get("new_photo")
        self.photo_extension = check_photo(upload) if upload else ""
        return upload


class PageDecisionForm(forms.Form):
    # the button pressed: "Approve and publish" posts approve=1, "Do not approve" does not
    approve = forms.BooleanField(required=False)
    note = forms.CharField(
        label=_("Note to the producer"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Required when the changes are not approved."),
    )
