"""The Python-built <select> is exactly what Django's own templates give."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from ocop_portal.form_renderer import PortalFormRenderer

CHOICES = [
    ("", "---------"),
    ("a", "Cà phê <b>Khe Sanh</b>"),
    ("Nhóm", [(1, "Một & hai"), (2, 'Dấu "ngoặc"')]),
    (3, "Ba"),
]


class Sample(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    many = forms.MultipleChoiceField(
        choices=[(1, "Một"), (2, "Hai"), (3, "Ba")],
        widget=forms.SelectMultiple(attrs={"class": "form-select", "data-x": 'y"z'}),
    )
    flag = forms.NullBooleanField()
    disabled = forms.ChoiceField(choices=[("x", "X")], disabled=True)


@pytest.mark.parametrize("data", [None, {"one": "2", "many": ["1", "3"], "flag": "true"}])
def test_select_html_is_identical_to_djangos_templates(data):
    fast = Sample(data, renderer=PortalFormRenderer())
    slow = Sample(data, renderer=DjangoTemplates())
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
    assert "<b>" not in str(fast["one"]) and "&lt;b&gt;" in str(fast["one"])


def test_the_portal_uses_the_fast_renderer(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "ocop_portal.form_renderer.PortalFormRenderer"
    assert isinstance(get_default_renderer(), PortalFormRenderer)
