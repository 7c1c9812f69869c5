"""Messages of Django itself that its Vietnamese catalogue leaves untranslated.

Nothing imports this module: `makemessages` extracts the strings from it into the portal's own
catalogue, which Django consults before its own. Django 5.2 reworded the password-length error
(to "%d"), and its vi catalogue still carries only the old wording.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    "count",
)
