"""Refuse requests whose address carries a NUL character.

PostgreSQL cannot store or compare a string containing NUL (0x00), so `/catalogue/%00/` and
`/verify/%00/` passed the NUL to a lookup and answered 500. No address of the portal contains
one, so such a request answers 404 (no such page) before any view runs. In the query string
a NUL is dropped from the values (a search for "ca\x00phe" is a search for "caphe"), so a
list that reads a parameter without a form cannot pass it to PostgreSQL either. POSTed values
go through form fields, which refuse NUL themselves with a message next to the field.
"""

from django.http import HttpResponseNotFound, QueryDict


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            return HttpResponseNotFound()
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
