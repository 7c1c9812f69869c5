from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """Django admin is for system administrators only, whatever other flags a user carries."""

    site_header = _("OCOP portal administration")
    site_title = _("OCOP portal administration")
    index_title = _("System administration")

    def has_permission(self, request):
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "is_system_admin", False))
