from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "ocop_portal"
    verbose_name = _("OCOP portal")

    def ready(self):
        # local import: AppConfig.ready, it needs the loaded app registry
        from ocop_portal import bounds

        bounds.install()
