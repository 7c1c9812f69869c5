"""What a logged-in user sees is never stored by a browser or a cache on the way.

Commune offices share computers: with the default headers, the back button or the browser's
cache shows the previous user's dossiers and downloaded reports to the next person at the desk.
Every response to an authenticated request (pages, exports, evidence, report files) therefore
carries `Cache-Control: no-store`; public pages (catalogue, verification) keep their own
caching, and static files are answered by whitenoise before this middleware runs.
"""

from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # replaces any public caching a view may have set: private material must not stay
            response.headers.pop("Cache-Control", None)
            response.headers.pop("Expires", None)
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
            patch_vary_headers(response, ["Cookie"])
        return response
