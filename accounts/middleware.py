"""Producers' accounts are confined to their own workspace.

A producer (chủ thể OCOP) is not a member of staff: the staff screens read through the unit
scope (where a producer has no area) and would only show it empty lists and create forms that
refuse to save. Rather than rely on every staff view to turn a producer away, anything outside
the producer's workspace, the account pages and the public site answers 403 here, in one place.
"""

from django.core.exceptions import PermissionDenied

from accounts.models import Role

# Namespaces a producer may use: its own workspace, the user guide, and Django admin (which
# sends every non-administrator to its login page itself).
PRODUCER_NAMESPACES = frozenset({"producer", "guide", "admin"})
# Account pages, the inbox, language, health and the public site (view names, namespace
# included).
PRODUCER_VIEW_NAMES = frozenset(
    {
        "reports:home",
        "accounts:login",
        "accounts:logout",
        "accounts:password_change",
        "accounts:password_change_done",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "accounts:invitation_accept",
        "accounts:set_language",
        "choose_language",
        "healthz",
        "ping",
        "reports:inbox",
        "reports:inbox_mark_read",
        "public:catalogue",
        "public:catalogue_product",
        "public:partner_directory",
        "public:verify",
        "public:verify_lookup",
        "public:verify_qr",
        "public:sitemap",
    }
)


class ProducerConfinementMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.role != Role.PRODUCER:
            return None
        match = request.resolver_match
        if match is None:
            return None
        if match.namespaces and match.namespaces[0] in PRODUCER_NAMESPACES:
            return None
        if match.view_name in PRODUCER_VIEW_NAMES:
            return None
        raise PermissionDenied
