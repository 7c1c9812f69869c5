from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, UnitLevel, User
from accounts.scope import scope_for, units_visible_to
from evaluation.models import (
    ConflictDeclaration,
    Council,
    CriteriaVersion,
    DossierStatus,
    EvaluationType,
    ExclusionReason,
    InspectionKind,
    RevocationGround,
    SeatPosition,
)
from evaluation.services import eligible_members
from ocop_portal.collation import vi
from ocop_portal.concurrency import VersionedFormMixin
from ocop_portal.typeahead import TypeaheadSelect
from ocop_portal.uploads import check_document
from products.selectors import product_list

MAX_REGISTER_BYTES = 20 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file (.xlsx)"), help_text=_("Use the template; at most 20 MB.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REGISTER_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != XLSX_MAGIC:
            raise forms.ValidationError(_("The file is not an Excel workbook (.xlsx)."))
        return upload


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("province", _("Province")), ("district", _("District"))]
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    sequence = forms.IntegerField(
        label=_("Round of the year"), min_value=1, max_value=12, initial=1
    )
    council = forms.ModelChoiceField(label=_("Council"), queryset=None)
    criteria_version = forms.ModelChoiceField(
        label=_("Criteria version"),
        queryset=None,
        required=False,
        help_text=_("Leave empty to use the sheets in force on the dossier deadline."),
    )
    dossier_deadline = forms.DateField(label=_("Dossier deadline"), widget=DATE)
    scoring_opens = forms.DateField(label=_("Scoring opens"), widget=DATE)
    scoring_closes = forms.DateField(label=_("Scoring closes"), widget=DATE)

    def __init__(self, *args, user, last_council=None, **kwargs):

        super().__init__(*args, **kwargs)
        # the province first, then the old districts in alphabetical order
        units = (
            units_visible_to(user)
            .filter(
                Q(level=UnitLevel.PROVINCE, valid_to__isnull=True)
                | Q(level=UnitLevel.DISTRICT, valid_to__isnull=False)
            )
            .order_by(
                Case(
                    When(level=UnitLevel.PROVINCE, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                vi("name"),
            )
        )
        self.fields["unit"].queryset = units
        councils = Council.objects.filter(unit__in=units)
        self.fields["council"].queryset = councils
        self.fields["criteria_version"].queryset = CriteriaVersion.objects.all()
        # defaults from the person: their unit and its level, this year, the last council used
        own = units.filter(pk=user.unit_id).first() if user.unit_id else None
        if own is not None:
            self.fields["unit"].initial = own.pk
            self.fields["level"].initial = own.level
        self.fields["year"].initial = timezone.localdate().year
        if last_council and councils.filter(pk=last_council).exists():
            self.fields["council"].initial = last_council
        elif own is not None:
            only = list(councils.filter(unit=own).values_list("pk", flat=True)[:2])
            if len(only) == 1:
                self.fields["council"].initial = only[0]

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("scoring_opens"), cleaned.get("scoring_closes")
        if opens and closes and closes < opens:
            self.add_error("scoring_closes", _("Scoring cannot close before it opens."))
        unit, level = cleaned.get("unit"), cleaned.get("level")
        if unit and level and unit.level != level:
            self.add_error("unit", _("Choose a unit of the round's level."))
        return cleaned


class DossierForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=None, widget=TypeaheadSelect("products")
    )
    evaluation_type = forms.ChoiceField(label=_("Evaluation type"), choices=[])
    representative = forms.CharField(
        label=_("Legal representative"),
        max_length=150,
        required=False,
        help_text=_("Taken from the producer record when left empty."),
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=255,
        required=False,
        help_text=_("Taken from the producer record when left empty."),
    )
    samples = forms.IntegerField(label=_("Number of samples"), min_value=0, max_value=50, initial=5)
    plan_results = forms.CharField(
        label=_("Results of the business plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    plan_ahead = forms.CharField(
        label=_("Plans ahead"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = product_list(user).order_by("name")
        self.fields["evaluation_type"].choices = EvaluationType.choices

    def clean(self):
        cleaned = super().clean()
        product = cleaned.get("product")
        if product and not cleaned.get("representative"):
            cleaned["representative"] = product.subject.representative_name
            if not cleaned["representative"]:
                self.add_error(
                    "representative",
                    _("The producer record has no legal representative: enter the name."),
                )
        if product and not cleaned.get("address"):
            cleaned["address"] = product.subject.address
        return cleaned


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Document"), max_length=255)
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=None, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = sheet.criteria.all()

    def clean_file(self):

        upload = self.cleaned_data["file"]
        self.extension = check_document(upload)
        return upload


class ProducerCommentsForm(forms.Form):
    comments = forms.CharField(
        label=_("Comments for the producer"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the producer with the result; members' own sheets never are."),
    )


class IntakeForm(forms.Form):
    status = forms.ChoiceField(label=_("Intake check"), choices=[])
    notes = forms.CharField(
        label=_("Documents requested"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        # the intake's three answers: the dossier's status while it is being checked
        self.fields["status"].choices = [
            (DossierStatus.REGISTERED, _("Not yet checked")),
            (DossierStatus.COMPLETE, _("Complete")),
            (DossierStatus.MORE_DOCUMENTS, _("More documents requested")),
        ]


class PreAssessmentForm(forms.Form):
    """Mẫu 03: the four items the commune confirms."""

    local_materials = forms.BooleanField(
        label=_("Raw materials come from the locality"), required=False
    )
    local_labour = forms.BooleanField(label=_("Uses local labour"), required=False)
    idea_origin = forms.BooleanField(label=_("The idea originates in the locality"), required=False)
    local_identity = forms.BooleanField(label=_("Carries the locality's identity"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExclusionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for exclusion"), choices=[])
    note = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = ExclusionReason.choices


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=100)
    date = forms.DateField(label=_("Decision date"), widget=DATE)
    signer = forms.CharField(
        label=_("Signed by"),
        max_length=255,
        help_text=_(
            "Title and name, e.g. “Phó Chủ tịch UBND tỉnh, Nguyễn Văn A”: the certificates "
            "print the title above the signature and the name below it."
        ),
    )
    confirm_empty = forms.BooleanField(
        label=_("I confirm a decision that certifies no product"), required=False
    )


class RevocationForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=[])
    finding_date = forms.DateField(label=_("Date of the finding"), widget=DATE)
    decision_number = forms.CharField(label=_("Revocation decision"), max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = RevocationGround.choices


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    date = forms.DateField(label=_("Date"), widget=DATE)
    inspector = forms.CharField(label=_("Inspected by"), max_length=255)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    compliant = forms.BooleanField(label=_("Still meets its dossier"), required=False)
    follow_up = forms.CharField(
        label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_due = forms.DateField(
        label=_("Follow-up due by"),
        required=False,
        widget=DATE,
        help_text=_(
            "When the product does not meet its dossier; 30 days after the inspection "
            "if left empty."
        ),
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = InspectionKind.choices

    def clean_date(self):

        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("An inspection cannot be dated in the future."))
        return day

    def clean(self):
        data = super().clean()
        due, day = data.get("follow_up_due"), data.get("date")
        if due and day and due < day:
            self.add_error("follow_up_due", _("The follow-up cannot be due before the inspection."))
        return data


class InspectionFollowUpForm(forms.Form):
    on = forms.DateField(label=_("Date of the follow-up"), widget=DATE)
    findings = forms.CharField(
        label=_("Findings of the follow-up"), widget=forms.Textarea(attrs={"rows": 3})
    )
    passed = forms.TypedChoiceField(
        label=_("Result"),
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        choices=[
            ("1", _("Meets its dossier again")),
            ("0", _("Still does not meet it: go to revocation")),
        ],
    )

    def clean_on(self):

        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A follow-up cannot be dated in the future."))
        return day


class CentralResultForm(forms.Form):
    score = forms.DecimalField(
        label=_("Central council's score"), min_value=0, max_value=100, decimal_places=2
    )
    stars = forms.TypedChoiceField(
        label=_("Stars of the central result"),
        coerce=int,
        choices=[("", "— Chọn —"), (5, "5★"), (4, "4★"), (3, "3★"), (2, _("below 3★"))],
        help_text=_("The stars the central council found (score band and star minima)."),
    )
    decision_number = forms.CharField(
        label=_("Decision number"),
        max_length=100,
        help_text=_("The ministry's decision for 5★; the province's own decision for 3★ or 4★."),
    )
    decision_date = forms.DateField(label=_("Decision date"), widget=DATE)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=50)


class CouncilForm(forms.ModelForm):
    """A new council or advisory group, for a unit the organiser keeps."""

    class Meta:
        model = Council
        fields = [
            "name",
            "kind",
            "level",
            "unit",
            "decision_number",
            "term_start",
            "term_end",
            "quorum",
            "max_spread",
            "minima_mode",
        ]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args, user, **kwargs):

        super().__init__(*args, **kwargs)
        role = scope_for(user).role
        units = units_visible_to(user).filter(
            Q(level=UnitLevel.DISTRICT, valid_to__isnull=False)
            | (
                Q(level=UnitLevel.PROVINCE, valid_to__isnull=True)
                if role == Role.PROVINCE_STAFF
                else Q(pk__in=[])
            )
        )
        self.fields["unit"].queryset = units.order_by("level", "name")
        self.fields["unit"].empty_label = "— Chọn —"
        if role != Role.PROVINCE_STAFF:
            self.fields["level"].choices = [("district", _("District"))]
            self.fields["level"].initial = "district"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        unit, level = cleaned.get("unit"), cleaned.get("level")
        if unit and level and unit.level != level:
            self.add_error("unit", _("Choose a unit of the council's level."))
        return cleaned


class CouncilSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Council
        fields = [
            "name",
            "decision_number",
            "term_start",
            "term_end",
            "quorum",
            "max_spread",
            "minima_mode",
        ]
        widgets = {"term_start": DATE, "term_end": DATE}


class PersonChoiceField(forms.ModelChoiceField):
    """A person shown with their role and unit, so that namesakes are told apart."""

    def label_from_instance(self, user):
        parts = [user.full_name or user.username, user.get_role_display()]
        if user.unit_id:
            parts.append(user.unit.name)
        return " — ".join(str(part) for part in parts)


class SeatForm(forms.Form):
    user = PersonChoiceField(label=_("Member"), queryset=None, empty_label="— Chọn —")
    position = forms.ChoiceField(label=_("Position in the council"), choices=[])
    term_start = forms.DateField(label=_("Term start"), widget=DATE)
    term_end = forms.DateField(label=_("Term end"), widget=DATE, required=False)

    def __init__(self, *args, council, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = eligible_members(council)
        self.fields["user"].widget = TypeaheadSelect("council_members", council=council.pk)
        self.fields["position"].choices = [("", "— Chọn —"), *SeatPosition.choices]


class SeatEndForm(forms.Form):
    on = forms.DateField(label=_("Last day of the seat"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RosterReplaceForm(forms.Form):
    member = PersonChoiceField(label=_("Member to replace"), queryset=None, empty_label="— Chọn —")
    newcomer = PersonChoiceField(label=_("Newcomer"), queryset=None, empty_label="— Chọn —")
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, round_, **kwargs):

        super().__init__(*args, **kwargs)
        on_roster = round_.roster.filter(removed_on__isnull=True).values("member")
        self.fields["member"].queryset = User.objects.filter(pk__in=on_roster).select_related(
            "unit"
        )
        seated = (
            round_.council.seats.active_on().exclude(position=SeatPosition.SECRETARY).values("user")
        )
        self.fields["newcomer"].queryset = (
            User.objects.filter(pk__in=seated).exclude(pk__in=on_roster).select_related("unit")
        )


class ConflictDecisionForm(forms.Form):
    # the declaration the chair decides: one of the round's (a hidden field of each row)
    declaration = forms.ModelChoiceField(
        queryset=None,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a declaration of this round."),
            "invalid_choice": _("Choose a declaration of this round."),
        },
    )
    recused = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "1",
        choices=[("", "— Chọn —"), ("1", _("Steps aside")), ("0", _("Scores the dossier"))],
    )
    note = forms.CharField(label=_("Reasons"), max_length=1000)

    def __init__(self, *args, round_, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["declaration"].queryset = ConflictDeclaration.objects.filter(
            dossier__round=round_
        ).select_related("dossier__round", "member", "dossier__product")


def posted_self_answers(post) -> dict:
    """Mẫu 02 answers as the self-assessment pages post them (`c_<criterion>=<option>`), for
    the staff's and the producer's page alike; anything else in the post is ignored."""
    answers = {}
    for key, value in post.items():
        criterion_id, option_id = _small_id(key[2:]), _small_id(value)
        if key.startswith("c_") and criterion_id is not None and option_id is not None:
            answers[criterion_id] = option_id
    return answers


class SelfAssessmentForm(forms.Form):
    """Mẫu 02 posted by the staff's page: its answers (`cleaned_data["answers"]`)."""

    def clean(self):
        data = super().clean()
        data["answers"] = posted_self_answers(self.data)
        return data


def self_assessment_saved(dossier) -> str:
    return _("Self-assessment saved: %(score)s points, %(stars)s★.") % {
        "score": number_format(dossier.self_score or 0, 2),
        "stars": dossier.self_stars or 0,
    }


# --- the council's own posts: every one read through a form (malformed input is a 400 or a
# field message, never a server error) ------------------------------------------------------

SMALL_ID = {"min_value": 1, "max_value": 999_999_999}


def _small_id(value) -> int | None:
    """A posted identifier (a whole number of at most nine digits), or None."""
    value = str(value)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


class ScoreAnswerForm(forms.Form):
    """A member's answers as the scoring page posts them: one answer on each change
    (`criterion`, `option`) or the whole sheet without JavaScript (`c_<criterion>=<option>`),
    with the page's revision and its own token."""

    MALFORMED_REVISION = _("The page sent a malformed revision: reload it.")
    MALFORMED_ANSWER = _("The answer sent is malformed: reload the page.")

    revision = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=999_999_999,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), MALFORMED_REVISION),
    )
    tab = forms.RegexField(
        regex=r"^[0-9a-f]{0,32}$",
        required=False,
        strip=False,
        error_messages={"invalid": MALFORMED_REVISION},
    )
    criterion = forms.IntegerField(
        required=False,
        **SMALL_ID,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), MALFORMED_ANSWER),
    )
    option = forms.IntegerField(
        required=False,
        **SMALL_ID,
        error_messages=dict.fromkeys(("invalid", "min_value", "max_value"), MALFORMED_ANSWER),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["revision"] = data.get("revision") or 0
        if "criterion" in self.data:  # htmx sends the one radio that changed
            if data.get("criterion") is None or data.get("option") is None:
                raise forms.ValidationError(self.MALFORMED_ANSWER)
            data["answers"] = {data["criterion"]: data["option"]}
            return data
        answers = {}
        for key, value in self.data.items():
            if not key.startswith("c_"):
                continue
            criterion_id, option_id = _small_id(key[2:]), _small_id(value)
            if criterion_id is None or option_id is None:
                raise forms.ValidationError(self.MALFORMED_ANSWER)
            answers[criterion_id] = option_id
        data["answers"] = answers
        return data

    def first_error(self) -> str:
        return next(iter(e for errors in self.errors.values() for e in errors), "")


class ConflictDeclarationForm(forms.Form):
    """A member's declaration on a dossier: a conflict (stepping aside) or none, and why."""

    has_conflict = forms.TypedChoiceField(
        choices=[("1", _("I have a conflict: step aside")), ("0", _("I have no conflict"))],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=False,
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class ChairActionForm(forms.Form):
    """Closing a dossier's scoring from its page or the round's overview (`back=round`)."""

    back = forms.CharField(required=False, max_length=10)

    @property
    def to_round(self) -> bool:
        return self.is_valid() and self.cleaned_data["back"] == "round"


class SendBackForm(ChairActionForm):
    """Sending a dossier's sheets back for re-scoring; the reason defaults to the spread."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class OfflineSheetForm(forms.Form):
    """The member's filled Excel form of the sheet."""

    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        error_messages={"required": _("Choose the filled Excel sheet (at most 2 MB).")}
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Choose the filled Excel sheet (at most 2 MB)."))
        return upload
