"""Refuse requests whose address carries a NUL character.

PostgreSQL cannot store or compare a string containing NUL (0x00), so `/catalogue/%00/` and
`/verify/%00/` passed the NUL to a lookup and answered 500. No address of the portal contains
one, so such a request answers 404 (no such page) before any view runs. Query strings and
POSTed values go through form fields, which refuse NUL themselves (Django's
ProhibitNullCharactersValidator) with a message next to the field.
"""

from django.http import HttpResponseNotFound


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseNotFound()
        return self.get_response(request)
