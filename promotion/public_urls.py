from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import path, reverse

from ocop_portal.pagecache import public_page
from promotion import public
from promotion.page_tags import catalogue_tags, partner_tags, product_tags, verify_tags


class CatalogueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return list(public.catalogue_products().values_list("code", flat=True))

    def location(self, code):
        return reverse("public:catalogue_product", args=[code])


# The public site's pages (catalogue, partners, certificate checks); the portal's own pages
# are under promotion.urls' "promotion" namespace.
app_name = "public"

urlpatterns = [
    path("catalogue/", public_page(catalogue_tags)(public.catalogue), name="catalogue"),
    path(
        "catalogue/<str:code>/",
        public_page(product_tags)(public.product_page),
        name="catalogue_product",
    ),
    path(
        "partners/", public_page(partner_tags)(public.partner_directory), name="partner_directory"
    ),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    # A proxy may keep a verify page only a few seconds: a revocation must show at once.
    path(
        "verify/<str:code>/",
        public_page(verify_tags, max_age=5, stale=5)(public.verify),
        name="verify",
    ),
    path("verify/<str:code>/qr.<str:fmt>", public.verify_qr, name="verify_qr"),
    path(
        "sitemap.xml",
        public_page(catalogue_tags)(sitemap),
        {"sitemaps": {"catalogue": CatalogueSitemap}},
        name="sitemap",
    ),
]
