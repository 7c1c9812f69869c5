from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Products")

    def ready(self):
        # local import: AppConfig.ready, it needs the loaded app registry
        from products import lookups  # noqa: F401  (type-ahead: products)
