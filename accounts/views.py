from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts import selectors
from accounts.filters import UnitFilter

UNITS_PER_PAGE = 50


@login_required
def unit_list(request):
    unit_filter = UnitFilter(request.GET, queryset=selectors.unit_list(request.user))
    page = Paginator(unit_filter.qs, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    template = (
        "accounts/partials/unit_table.html"
        if request.headers.get("HX-Request")
        else "accounts/unit_list.html"
    )
    return render(request, template, {"filter": unit_filter, "page": page})


@login_required
def unit_detail(request, pk: int):
    unit = selectors.unit_get(request.user, pk)
    visible = selectors.unit_list(request.user)
    context = {
        "unit": unit,
        "children": visible.filter(parent=unit),
        "predecessors": visible.filter(successions__successor=unit),
        "successors": visible.filter(predecessions__predecessor=unit),
        "staff": selectors.staff_visible_to(request.user).filter(unit=unit).order_by("full_name"),
    }
    return render(request, "accounts/unit_detail.html", context)


def set_language(request):
    """Django's language switch, remembering the choice on the account as well: what the
    portal sends a person later (reminders, tasks) is written in the language they use."""
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and request.user.language != language
    ):
        from accounts.services import user_set_language

        user_set_language(user=request.user, language=language)
    return response
