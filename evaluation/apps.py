from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation and star rating")

    def ready(self):
        # local import: AppConfig.ready, it needs the loaded app registry
        from evaluation import lookups  # noqa: F401  (type-ahead: council members)
