from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "ocop_portal"
    verbose_name = _("OCOP portal")

    def ready(self):
        from ocop_portal import bounds  # installed once the apps are loaded (AppConfig.ready)

        bounds.install()
