"""Whole-page cache for anonymous public pages, with exact invalidation by tags.

Shoppers scanning the QR code on a package open the verify and product pages from anywhere in
the country, so a public page must cost almost nothing to serve again. A page is cached whole
(per path, query, language and Vietnam's calendar day) under a key that includes the current
version of each *tag* the page depends on ("product:OCOP-QT-…", "catalogue", …). A change to
the data bumps the versions of exactly the tags it touches (see promotion/page_tags.py), so the
next request builds a fresh page; nothing is ever deleted by pattern and no stale page is served
after a change is committed. The day in the key retires every page at midnight, when
certificates may have expired.

Only anonymous GET/HEAD requests that end in 200 with no cookies set and no pending messages
are stored; everybody else gets the view's own answer. A cache that does not answer (Redis
down) is treated as empty: the page is built as if never cached.

Conditional requests are answered with 304 from the stored ETag, and Cache-Control lets a
reverse proxy or CDN keep the page briefly (verify pages only a few seconds).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

log = logging.getLogger(__name__)

PREFIX = "ocop:page"
# Every page depends on this tag too: bumping it retires every cached public page (used after
# bulk loads that bypass model signals, and when reference data changes).
ALL = "all"
# A page is kept ten minutes at most: an invalidation lost while Redis was unreachable cannot
# keep a stale page longer than that once Redis is back.
PAGE_SECONDS = 600


# Each web process also keeps the pages it served last in its own memory, under the same key.
# The key holds the current version of every tag, read from the shared cache on each request,
# so a page kept here is retired as exactly as the shared copy: a hit costs one round trip to
# Redis (the versions) instead of two, and no page travels over the network.
LOCAL_PAGES = 256
LOCAL_MAX_BYTES = 256 * 1024
_local: OrderedDict[str, tuple] = OrderedDict()
_local_lock = threading.Lock()


def _local_get(key: str):
    with _local_lock:
        kept = _local.get(key)
        if kept is None:
            return None
        if kept[0] < time.monotonic():  # as long as the shared copy lives, no longer
            del _local[key]
            return None
        _local.move_to_end(key)
        return kept[1]


def _local_put(key: str, stored: tuple) -> None:
    if len(stored[0]) > LOCAL_MAX_BYTES:
        return
    with _local_lock:
        _local[key] = (time.monotonic() + PAGE_SECONDS, stored)
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def _version_key(tag: str) -> str:
    return f"{PREFIX}:v:{tag}"


def _fresh_version() -> int:
    # Larger than any version handed out before (versions only grow by one from the clock), so
    # a version lost with the cache (Redis restarted, key evicted) never names an older page.
    return time.time_ns() // 1000


def _versions(tags: Iterable[str]) -> str | None:
    keys = [_version_key(tag) for tag in tags]
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:  # first use, or lost: start it from the clock
                cache.add(key, _fresh_version(), None)
                found[key] = cache.get(key)
    except Exception:  # the cache is down: build the page, do not store it
        log.warning("page cache unavailable", exc_info=False)
        return None
    if any(found.get(key) is None for key in keys):
        return None
    return ".".join(str(found[key]) for key in keys)


def invalidate(*tags: str) -> None:
    """Retire every cached page that depends on any of the tags.

    A version that does not exist yet starts at a value no earlier page used (the clock), so a
    version evicted from the cache can never bring an older page back.
    """
    for tag in set(tags):
        key = _version_key(tag)
        try:
            try:
                cache.incr(key)
            except ValueError:  # not there yet (or evicted)
                cache.set(key, _fresh_version(), None)
        except Exception:
            log.warning("page cache unavailable: %s not invalidated", tag)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:
        return False
    return len(messages.get_messages(request)) == 0


def _page_key(request: HttpRequest, versions: str) -> str:
    raw = "|".join(
        [
            request.get_host(),
            request.get_full_path(),
            get_language() or "",
            timezone.localdate().isoformat(),
            versions,
        ]
    )
    return f"{PREFIX}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _cache_control(response: HttpResponse, max_age: int, stale: int) -> None:
    response["Cache-Control"] = (
        f"public, max-age={max_age}, stale-while-revalidate={stale}, stale-if-error={stale}"
    )
    patch_vary_headers(response, ["Cookie", "Accept-Language"])


def public_page(
    tags: Callable[..., Iterable[str]], *, max_age: int = 60, stale: int = 300
) -> Callable:
    """Cache an anonymous public view whole; `tags(**view_kwargs)` names what it shows."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            versions = _versions([ALL, *tags(**kwargs)])
            key = _page_key(request, versions) if versions is not None else None
            stored = None
            if key is not None:
                stored = _local_get(key)
                if stored is None:
                    try:
                        stored = cache.get(key)
                    except Exception:
                        stored = None
                    if stored is not None:
                        _local_put(key, stored)
            if stored is not None:
                content, content_type, etag = stored
                response = get_conditional_response(request, etag=etag)
                if response is None:
                    response = HttpResponse(content, content_type=content_type)
                response["ETag"] = etag
                response["X-Page-Cache"] = "hit"
                _cache_control(response, max_age, stale)
                return response

            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            if hasattr(response, "render") and callable(response.render):
                response.render()
            etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            response["ETag"] = etag
            response["X-Page-Cache"] = "miss"
            _cache_control(response, max_age, stale)
            if key is not None:
                stored = (response.content, response["Content-Type"], etag)
                try:
                    cache.set(key, stored, PAGE_SECONDS)
                except Exception:
                    log.warning("page cache unavailable: page not stored")
                else:
                    _local_put(key, stored)
            conditional = get_conditional_response(request, etag=etag)
            if conditional is not None:
                conditional["ETag"] = etag
                _cache_control(conditional, max_age, stale)
                return conditional
            return response

        return wrapper

    return decorator
