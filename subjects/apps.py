from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectsConfig(AppConfig):
    name = "subjects"
    verbose_name = _("Producers")

    def ready(self):
        # local import: AppConfig.ready, it needs the loaded app registry
        from subjects import lookups  # noqa: F401  (type-ahead: producers)
