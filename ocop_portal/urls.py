import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from ocop_portal import views

handler500 = "ocop_portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    # Early: the public pages are the busiest (QR codes scanned anywhere) and no other address
    # starts like theirs, so they are found before the staff pages' patterns are tried.
    path("", include("promotion.public_urls")),
    path("i18n/choose/", views.choose_language, name="choose_language"),
    path("lookup/<slug:source>/", views.lookup, name="lookup"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("reports.urls")),
    path("", include("products.urls")),
    path("subjects/", include("subjects.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("guide/", include("guide.urls")),
    path("promotion/", include("promotion.urls")),
    path("producer/", include("producers.urls")),
]

# Product photos are public material (they go to the public catalogue). In a deployment the
# reverse proxy serves MEDIA_ROOT at MEDIA_URL; outside production the portal does it itself,
# with or without debug pages.
if not settings.PRODUCTION:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
