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
