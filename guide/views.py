from importlib import metadata

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from guide import manuals
from ocop_portal.pdf import pdf_response


def _manual(slug: str) -> manuals.Manual:
    manual = manuals.BY_SLUG.get(slug)
    if manual is None:
        raise Http404
    return manual


@login_required
def my_manual(request):
    """The "Hướng dẫn" menu entry: the reader's own manual (the list when they have none)."""
    manual = manuals.manual_for(request.user)
    if manual is None:
        return redirect("guide:index")
    return redirect("guide:manual", slug=manual.slug)


@login_required
def index(request):
    # Manuals are no secret: a trainer hands every role's manual to a course (target T11).
    return render(request, "guide/index.html", {"manuals": manuals.MANUALS})


@login_required
def manual_page(request, slug: str):
    manual = _manual(slug)
    return render(
        request,
        "guide/manual.html",
        {"manual": manual, "rendered": manuals.render(slug), "manuals": manuals.MANUALS},
    )


def _version() -> str:
    try:
        return metadata.version("ocop-portal")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return ""


@login_required
def manual_pdf(request, slug: str):
    manual = _manual(slug)
    return pdf_response(
        "guide/manual_pdf.html",
        {
            "manual": manual,
            "rendered": manuals.render(slug, for_print=True),
            "version": _version(),
            "today": timezone.localdate(),
        },
        filename=f"huong-dan-{slug}.pdf",
        request=request,
    )
