from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    """The producer's workspace: what a producer's account (chủ thể OCOP) does in the portal.

    Views and scoped reads only; every state change goes through the owning app's services
    (ideas in `products`, dossiers in `evaluation`, public page in `promotion`).
    """

    name = "producers"
    verbose_name = _("Producer's workspace")
