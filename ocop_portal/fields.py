from django import forms


class HttpsURLField(forms.URLField):
    """Addresses typed without a scheme are taken as https:// (the web's default now)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
