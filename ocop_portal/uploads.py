"""Checks for uploaded files: the content decides the type, never the name.

The whole content is read (the size limit comes first), not only the first bytes: a file that
starts as a PDF or an image but carries a web page or a script (a polyglot) is refused, and an
image is measured from its header before any pixel is decoded, so a small PNG that claims
30000×30000 pixels is refused instead of decoded.
"""

import re
import warnings
import zipfile

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; larger ones are refused before decoding
MAX_SIDE = 12_000
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Markup or active content that no scan, photo or PDF from an office needs; found anywhere in
# the file (case-insensitive) it makes the file a polyglot.
ACTIVE_CONTENT = re.compile(
    rb"<\s*(script|html|body|iframe|object|embed|svg|!doctype|\?php)\b|javascript:"
    rb"|/JavaScript\b|/JS\b|/Launch\b|/EmbeddedFile\b|/RichMedia\b",
    re.IGNORECASE,
)


def _refuse_oversized_image(image) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise forms.ValidationError(
            _("The image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.")
            % {"width": width, "height": height, "limit": MAX_PIXELS // 1_000_000}
        )


def _decode_image(upload):
    """Open, measure, then decode the whole image; return its format. Raises ValidationError."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                _refuse_oversized_image(image)  # from the header, before decoding
                image.load()  # every pixel: a truncated or damaged image fails here
    except forms.ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard fires on opening for sizes far beyond ours.
        raise forms.ValidationError(
            _("The image has too many pixels; the limit is %(limit)s megapixels.")
            % {"limit": MAX_PIXELS // 1_000_000}
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise forms.ValidationError(
            _("This file is not a photo. Upload a JPEG, PNG or WebP image.")
        ) from None
    finally:
        upload.seek(0)
    return image_format


def check_photo(upload) -> str:
    """Return the file extension that fits the image's real format, or raise ValidationError."""
    if upload.size > MAX_PHOTO_BYTES:
        raise forms.ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_PHOTO_BYTES)}
        )
    image_format = _decode_image(upload)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    upload.seek(0)
    if ACTIVE_CONTENT.search(data):
        raise forms.ValidationError(
            _("The file holds more than a document (a web page or a script): it is refused.")
        )
    if image_format not in PHOTO_FORMATS:
        raise forms.ValidationError(_("Upload a JPEG, PNG or WebP image."))
    return PHOTO_FORMATS[image_format]


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Evidence is a PDF or a scan: the content decides, whatever the file is called.
DOCUMENT_SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
PNG_END = b"IEND\xaeB`\x82"


def _ends_where_it_should(data: bytes, extension: str) -> bool:
    """Nothing may follow the format's own end mark (a second file appended is a polyglot)."""
    if extension == "pdf":
        return b"%%EOF" in data[-1024:]
    if extension == "png":
        return data.rstrip(b"\x00\r\n ").endswith(PNG_END)
    return True  # phones append their own data after a JPEG's end; its content is checked


def check_document(upload) -> str:
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)}
        )
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    upload.seek(0)
    extension = next(
        (ext for signature, ext in DOCUMENT_SIGNATURES.items() if data.startswith(signature)),
        None,
    )
    if extension is None:
        raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
    if ACTIVE_CONTENT.search(data) or not _ends_where_it_should(data, extension):
        raise forms.ValidationError(
            _("The file holds more than a document (a web page or a script): it is refused.")
        )
    if extension != "pdf":
        _decode_image(upload)
    return extension


# Evidence a producer uploads may also be an office document. Modern office files are ZIP
# packages whose parts name the kind (Word, Excel, PowerPoint); the older binary ones share
# one compound-file signature, so for those the name decides between the three, and anything
# else with that signature is refused. Files carrying macros are refused.
OFFICE_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
COMPOUND_EXTENSIONS = ("doc", "xls", "ppt")
MAX_OFFICE_PARTS = 5000  # a genuine office file has dozens of parts, a ZIP bomb thousands


def check_evidence(upload) -> str:
    """PDF, JPEG, PNG (the checks of `check_document`) or an office document, by content."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
        return check_document(upload)
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)}
        )
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
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise forms.ValidationError(
                _("The file holds more than a document (a web page or a script): it is refused.")
            )
        if "[Content_Types].xml" in names and len(names) <= MAX_OFFICE_PARTS:
            for part, extension in OFFICE_PARTS.items():
                if part in names:
                    return extension
    raise refused
