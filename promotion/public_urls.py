from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import path, reverse

from promotion import public


class CatalogueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return list(public.catalogue_products().values_list("code", flat=True))

    def location(self, code):
        return reverse("catalogue_product", args=[code])


urlpatterns = [
    path("catalogue/", public.catalogue, name="catalogue"),
    path("catalogue/<str:code>/", public.product_page, name="catalogue_product"),
    path("partners/", public.partner_directory, name="partner_directory"),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("verify/<str:code>/qr.<str:fmt>", public.verify_qr, name="verify_qr"),
    path("sitemap.xml", sitemap, {"sitemaps": {"catalogue": CatalogueSitemap}}, name="sitemap"),
]
