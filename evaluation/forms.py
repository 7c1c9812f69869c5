from django import forms
from django.utils.translation import gettext_lazy as _

MAX_REGISTER_BYTES = 20 * 1024 * 1024
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
