"""The address of the person at the keyboard, as seen through the deployment's reverse proxy.

Behind the TLS proxy every connection comes from the proxy's own address, so anything keyed on
REMOTE_ADDR (the login lockout above all) would treat all users as one client. The proxy appends
the address it saw to X-Forwarded-For; that header is believed only when the connection comes
from a proxy listed in TRUSTED_PROXIES, and only as far back as the chain stays inside those
proxies: anything a client wrote into the header itself sits further left and is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

_ATTRIBUTE = "ocop_client_ip"


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_trusted_proxy(address: str | None) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    parsed = _parse(address or "")
    return parsed is not None and any(parsed in network for network in networks)


def resolve(remote_addr: str | None, forwarded_for: str | None) -> str | None:
    """The client's address from the socket peer and the X-Forwarded-For chain."""
    if not is_trusted_proxy(remote_addr):
        return remote_addr
    hops = [hop for hop in (forwarded_for or "").split(",") if hop.strip()]
    # Right to left: each address was written by the hop to its right; the first one that is
    # not one of our proxies is the client (or the closest thing to it we can vouch for).
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            break  # garbage in the chain: stop believing it here
        if not is_trusted_proxy(str(parsed)):
            return str(parsed)
    return remote_addr


def client_address(request) -> str | None:
    """The client address of a request (also the callable django-axes asks)."""
    cached = getattr(request, _ATTRIBUTE, None)
    if cached:
        return cached
    meta = request.META
    return resolve(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"))


class ClientAddressMiddleware:
    """Puts the real client address into REMOTE_ADDR for everything after it (axes, logs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_address(request)
        setattr(request, _ATTRIBUTE, address)
        if address:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
