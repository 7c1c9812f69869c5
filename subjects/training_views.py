"""Training courses of the plan's activities 6.x and who attended them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import AREA_STAFF, REPORT_READERS, has_role, require_role
from accounts.scope import get_in_scope_or_404
from ocop_portal.listing import sortable
from subjects import selectors, services
from subjects.forms import AttendanceForm, CourseForm


@login_required
def course_list(request):
    require_role(request.user, REPORT_READERS)
    courses, headers = sortable(
        request,
        selectors.courses_visible_to(request.user),
        [
            (_("Course"), "title"),
            (_("Topic"), "topic__code"),
            (_("Dates"), "starts_on"),
            (_("Unit"), "unit__name"),
            (_("Attendees"), "attendees"),
        ],
        default="-starts_on",
    )
    return render(
        request,
        "subjects/course_list.html",
        {
            "courses": courses,
            "headers": headers,
            "can_edit": has_role(request.user, AREA_STAFF),
        },
    )


@login_required
def course_create(request):
    require_role(request.user, AREA_STAFF)
    form = CourseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        course = services.course_create(actor=request.user, course=form.save(commit=False))
        messages.success(request, _("Course recorded."))
        return redirect("subjects:course_detail", pk=course.pk)
    return render(
        request,
        "partials/form_page.html",
        {
            "form": form,
            "title": _("New training course"),
            "cancel_url": reverse("subjects:course_list"),
        },
    )


@login_required
def course_detail(request, pk: int):
    course = get_in_scope_or_404(selectors.courses_visible_to(request.user), pk=pk)
    form = AttendanceForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_role(request.user, AREA_STAFF)
        if form.is_valid():
            services.attendance_add(
                actor=request.user, course=course, attendance=form.save(commit=False)
            )
            messages.success(request, _("Attendance recorded."))
            return redirect("subjects:course_detail", pk=pk)
    return render(
        request,
        "subjects/course_detail.html",
        {
            "course": course,
            "attendance": selectors.course_attendance(course),
            "form": form,
            "can_edit": has_role(request.user, AREA_STAFF),
            "can_list": has_role(request.user, REPORT_READERS),
        },
        status=400 if request.method == "POST" else 200,
    )
