"""Printable documents: a template rendered to PDF with WeasyPrint, as a pure function."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict, request=None) -> bytes:
    html = render_to_string(template, context, request=request)
    # Static files (the stylesheet) are read from disk, never fetched over a network.
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()


def pdf_response(template: str, context: dict, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
