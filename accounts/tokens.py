"""One-time links sent by e-mail: invitations and password resets.

Both use Django's token generator: the token signs the account's id, its password hash, its
last login and the time it was made. Setting a password changes the hash, so a link works
once; the time makes it expire; any change to the token breaks the signature. Each kind has
its own salt, so an invitation token is no reset token, and its own lifetime.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "ocop.accounts.tokens.InvitationTokenGenerator"

    def check_token(self, user, token):
        # Django's own check uses PASSWORD_RESET_TIMEOUT; an invitation lives longer.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.INVITATION_TIMEOUT


invitation_tokens = InvitationTokenGenerator()


def uid_for(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def site_url(path: str) -> str:
    """An absolute link on the configured site address, never the host of a request."""
    return settings.OCOP_SITE_URL.rstrip("/") + path
