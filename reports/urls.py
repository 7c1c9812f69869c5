from django.urls import path
from django.views.generic import RedirectView

from reports import kpi_views, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox_view, name="inbox"),
    path("inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
    path("dashboard/", kpi_views.dashboard, name="dashboard"),
    path("dashboard/<str:code>/", kpi_views.kpi_detail, name="kpi_detail"),
    path("reports/", kpi_views.report_list, name="report_list"),
    path("reports/<int:pk>/", kpi_views.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", kpi_views.report_download, name="report_download"),
    path("plan/activities/", kpi_views.activity_list, name="activity_list"),
    path(
        "plan/activities/<int:pk>/<int:year>/",
        kpi_views.activity_status_edit,
        name="activity_status_edit",
    ),
    path("plan/targets/", kpi_views.target_list, name="target_list"),
    path("plan/targets/<int:pk>/", kpi_views.target_edit, name="target_edit"),
    # Training moved to the producers' app; old addresses (bookmarks, printed guides) follow it.
    path("training/", RedirectView.as_view(url="/subjects/training/", permanent=True)),
    path("training/<path:rest>", RedirectView.as_view(url="/subjects/training/%(rest)s")),
]
