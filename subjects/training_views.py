"""Training courses of the plan's activities 6.x and who attended them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.policy import may_start
from accounts.roles import REPORT_READERS, has_role, require_role
from accounts.scope import get_in_scope_or_404
from ocop_portal.listing import Column, ListDefinition, render_list
from subjects import selectors, services
from subjects.filters import CourseFilter
from subjects.forms import AttendanceForm, CourseForm
from subjects.policies import TRAINING_COURSES

COURSES = ListDefinition(
    title=gettext_lazy("Training courses"),
    filterset_class=CourseFilter,
    export_name="khoa-tap-huan",
    default_sort="-starts_on",
    columns=[
        Column(
            gettext_lazy("Course"),
            lambda c: c.title,
            link=lambda c: reverse("subjects:course_detail", args=[c.pk]),
            sort="title",
        ),
        Column(gettext_lazy("Topic"), lambda c: c.topic.code, sort="topic__code", nowrap=True),
        Column(
            gettext_lazy("Dates"),
            lambda c: " – ".join(
                date_format(day, "SHORT_DATE_FORMAT") for day in (c.starts_on, c.ends_on)
            ),
            sort="starts_on",
        ),
        Column(gettext_lazy("Unit"), lambda c: c.unit.name, sort="unit__name"),
        Column(gettext_lazy("Attendees"), lambda c: c.attendees, numeric=True, sort="attendees"),
    ],
)


@login_required
def course_list(request):
    require_role(request.user, REPORT_READERS)
    actions = (
        [{"label": _("New training course"), "url": reverse("subjects:course_create")}]
        if may_start(request.user, TRAINING_COURSES)
        else []
    )
    return render_list(
        request,
        COURSES,
        selectors.courses_visible_to(request.user),
        extra={"actions": actions},
        template="subjects/course_list.html",
    )


@login_required
def course_create(request):
    if not may_start(request.user, TRAINING_COURSES):
        raise PermissionDenied
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
    allowed = TRAINING_COURSES.allowed_steps(request.user, course)
    if request.method == "POST":
        if "add-attendance" not in allowed:
            raise PermissionDenied
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
            "allowed": allowed,
            "can_list": has_role(request.user, REPORT_READERS),
        },
        status=400 if request.method == "POST" else 200,
    )
