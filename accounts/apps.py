from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and administrative units")

    def ready(self):
        # local import: registries are filled once the apps are loaded
        from ocop_portal import lookups

        lookups.register()

        from accounts import lookups as typeahead_sources  # noqa: F401  (units, people)
