from django.contrib import admin
from django.urls import include, path

from ocop_portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("reports.urls")),
    path("", include("products.urls")),
    path("subjects/", include("subjects.urls")),
    path("register/", include("evaluation.urls")),
]
