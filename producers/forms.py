from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import EvaluationType
from ocop_portal.uploads import check_evidence
from products.models import ProductIdea
from products.services import IDEA_PRODUCER_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ProducerIdeaForm(forms.ModelForm):
    """The idea registration form as a producer fills it: the commune and proposer are its own."""

    class Meta:
        model = ProductIdea
        fields = list(IDEA_PRODUCER_FIELDS)
        widgets = dict.fromkeys(
            ["description", "raw_material_origin", "intended_market", "support_needed"], TEXTAREA
        )

    def _post_clean(self):
        # The model's own checks run in the service, with the producer's commune filled in.
        pass


class RegistrationForm(forms.Form):
    """Mẫu 01 as the producer fills it: one of its own products, in an open round."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=None, empty_label=_("— Select —"))
    evaluation_type = forms.ChoiceField(label=_("Evaluation type"), choices=[])
    representative = forms.CharField(label=_("Legal representative"), max_length=150)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    samples = forms.IntegerField(label=_("Number of samples"), min_value=0, max_value=50, initial=5)
    plan_results = forms.CharField(
        label=_("Results of the business plan"), required=False, widget=TEXTAREA
    )
    plan_ahead = forms.CharField(label=_("Plans ahead"), required=False, widget=TEXTAREA)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["evaluation_type"].choices = EvaluationType.choices


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked on its own."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class EvidenceUploadForm(forms.Form):
    """Evidence for one criterion of the sheet: several files at once, each checked by content."""

    criterion = forms.ModelChoiceField(
        label=_("Criterion"), queryset=None, empty_label=_("— Select —")
    )
    title = forms.CharField(
        label=_("Document"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use each file's name."),
    )
    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "PDF, JPEG, PNG, Word, Excel or PowerPoint; at most 10 MB each and 25 MB in one "
            "sending; several at once."
        ),
    )

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = sheet.criteria.order_by("position")
        self.fields["criterion"].label_from_instance = lambda c: f"{c.code} {c.name}"[:120]

    def clean_files(self):
        checked = []
        for upload in self.cleaned_data["files"]:
            try:
                checked.append((upload, check_evidence(upload)))
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("%(name)s: %(error)s") % {"name": upload.name, "error": error.messages[0]}
                ) from None
        return checked

    def title_for(self, upload, index, count) -> str:
        title = self.cleaned_data.get("title", "").strip()
        if not title:
            return (upload.name.rsplit(".", 1)[0] or _("Document"))[:200]
        return f"{title} ({index}/{count})" if count > 1 else title
