from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from ocop_portal import views

handler500 = "ocop_portal.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("i18n/choose/", views.choose_language, name="choose_language"),
    path("lookup/<slug:source>/", views.lookup, name="lookup"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("reports.urls")),
    path("", include("products.urls")),
    path("subjects/", include("subjects.urls")),
    path("evaluation/", include("evaluation.urls")),
    path("promotion/", include("promotion.urls")),
    path("", include("promotion.public_urls")),
]

# Product photos are public material (they go to the public catalogue). In a deployment the
# reverse proxy serves MEDIA_ROOT at MEDIA_URL; the development server does it itself.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
