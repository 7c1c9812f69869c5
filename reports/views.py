from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import scope_for
from accounts.services import notification_mark_read
from ocop_portal.pagecache import public_page
from promotion.page_tags import catalogue_tags
from promotion.public import landing
from reports.forms import MarkReadForm
from reports.quick_actions import quick_actions
from reports.selectors import home_summary, inbox


def home(request):
    if not request.user.is_authenticated:
        # an anonymous visitor gets the public landing page, not a login wall; it shows the
        # catalogue's best products, so it is cached and retired with the catalogue
        return public_page(catalogue_tags)(landing)(request)
    if request.user.role == Role.PRODUCER:
        return redirect("producer:dashboard")
    return render(
        request,
        "reports/home.html",
        {
            "summary": home_summary(request.user),
            "quick_actions": quick_actions(request.user),
            # a council member's unit is not in their scope: its page would answer 404
            "unit_visible": scope_for(request.user).covers(request.user.unit_id),
        },
    )


@login_required
def inbox_view(request):
    return render(request, "reports/inbox.html", inbox(request.user))


@login_required
@require_POST
def inbox_mark_read(request):
    form = MarkReadForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Those messages cannot be marked: reload the inbox."))
        return render(request, "reports/inbox.html", inbox(request.user), status=400)
    ids = [note.pk for note in form.cleaned_data["notification"]]
    count = notification_mark_read(user=request.user, notification_ids=ids)
    messages.success(request, _("%(count)s messages marked as read.") % {"count": count})
    return redirect("reports:inbox")
