from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.roles import PRODUCERS
from accounts.scope import units_visible_to
from accounts.services import roles_managed_by


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not correct. Both are case-sensitive."),
        "inactive": _("This account has been disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.valid_to is not None:
            return _("%(name)s (until %(date)s)") % {
                "name": obj.name,
                "date": obj.valid_to.strftime("%d/%m/%Y"),
            }
        return obj.name


class PersonForm(forms.ModelForm):
    """A staff account as its managers keep it; the password is set by the person."""

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "job_title", "role", "unit"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        editing_producer = self.instance.pk and self.instance.role == Role.PRODUCER
        if editing_producer:
            # A producer's account stays a producer's: its role and producer do not change here.
            del self.fields["role"], self.fields["unit"], self.fields["job_title"]
        else:
            # Producers' accounts are created from the producer's page, tied to that producer.
            managed = roles_managed_by(actor) - PRODUCERS
            self.fields["role"].choices = [("", _("— Select —"))] + [
                (value, label) for value, label in Role.choices if value in managed
            ]
            self.fields["unit"] = UnitChoiceField(
                queryset=units_visible_to(actor).order_by("level", "valid_to", "name"),
                required=False,
                label=_("Administrative unit"),
                empty_label=_("— Select —"),
                help_text=_("Province, district or commune, by role; none for council members."),
            )
            self.fields["unit"].initial = self.instance.unit_id
        self.fields["email"].required = True
        self.fields["email"].help_text = _("The invitation to set a password is sent here.")
        self.fields["full_name"].required = True

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        clash = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ProducerInviteForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The invitation to set a password is sent here.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class LanguageForm(forms.Form):
    """The language chosen with the language switch, remembered on the account."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
