from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromotionConfig(AppConfig):
    name = "promotion"
    verbose_name = _("Trade promotion")

    def ready(self):
        # local import: AppConfig.ready, it needs the loaded app registry
        from promotion import page_tags  # noqa: F401  (connects the public-page invalidation)
