from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and administrative units")

    def ready(self):
        # local import: AppConfig.ready, it needs the loaded app registry
        from ocop_portal import lookups

        lookups.register()

        # local import: AppConfig.ready, as above
        from accounts import lookups as typeahead_sources  # noqa: F401  (units, people)
