"""Checks for uploaded files: the content decides the type, never the name."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def check_photo(upload) -> str:
    """Return the file extension that fits the image's real format, or raise ValidationError."""
    if upload.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_PHOTO_BYTES)}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise forms.ValidationError(
            _("This file is not a photo. Upload a JPEG, PNG or WebP image.")
        ) from None
    finally:
        upload.seek(0)
    if image_format not in PHOTO_FORMATS:
        raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
    return PHOTO_FORMATS[image_format]


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Evidence is a PDF or a scan: the first bytes decide, whatever the file is called.
DOCUMENT_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def check_document(upload) -> str:
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in DOCUMENT_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))


# Evidence a producer uploads may also be an office document. Modern office files are ZIP
# packages whose parts name the kind (Word, Excel, PowerPoint); the older binary ones share
# one compound-file signature, so for those the name decides between the three, and anything
# else with that signature is refused.
OFFICE_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
COMPOUND_EXTENSIONS = ("doc", "xls", "ppt")
MAX_OFFICE_PARTS = 5000  # a genuine office file has dozens of parts, a ZIP bomb thousands


def check_evidence(upload) -> str:
    """PDF, JPEG, PNG or an office document (Word, Excel, PowerPoint), by content; ≤ 10 MB."""
    import zipfile

    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, extension in DOCUMENT_SIGNATURES.items():
        if head.startswith(signature):
            return extension
    refused = forms.ValidationError(
        _("Upload a PDF, an image (JPEG, PNG) or an office file (Word, Excel, PowerPoint).")
    )
    if head.startswith(COMPOUND_FILE):
        name_extension = (getattr(upload, "name", "") or "").rsplit(".", 1)[-1].lower()
        if name_extension in COMPOUND_EXTENSIONS:
            return name_extension
        raise refused
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise refused from None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and len(names) <= MAX_OFFICE_PARTS:
            for part, extension in OFFICE_PARTS.items():
                if part in names:
                    return extension
    raise refused
