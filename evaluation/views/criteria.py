from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from evaluation.models import CriteriaSheet, CriteriaVersion
from ocop_portal.pdf import pdf_response


def _sheet(version_code: str, set_code: str) -> CriteriaSheet:
    sheet = (
        CriteriaSheet.objects.filter(version__code=version_code, product_set__code=set_code)
        .select_related("version", "product_set")
        .prefetch_related("parts__groups__criteria__options")
        .first()
    )
    if sheet is None:
        raise Http404
    return sheet


@login_required
def criteria_index(request):
    versions = CriteriaVersion.objects.prefetch_related("sheets__product_set", "bands")
    return render(request, "evaluation/criteria_index.html", {"versions": versions})


@login_required
def sheet_detail(request, version: str, set_code: str):
    return render(request, "evaluation/sheet_detail.html", {"sheet": _sheet(version, set_code)})


@login_required
def sheet_pdf(request, version: str, set_code: str):
    sheet = _sheet(version, set_code)
    return pdf_response(
        "evaluation/pdf/sheet.html",
        {"sheet": sheet},
        f"phieu-danh-gia-{set_code}-{version}.pdf",
        request,
    )
