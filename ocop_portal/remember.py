"""Forms remember the last choice a person made (e.g. the council of their last round).

Kept in the session, per person: an organiser who opens rounds one after another for the same
council does not pick it again each time. A remembered id is only a default; the form's own
queryset still decides whether it is a valid choice.
"""

KEY = "ocop:last"


def remember(request, name: str, pk) -> None:
    last = dict(request.session.get(KEY, {}))
    last[name] = pk
    request.session[KEY] = last


def recall(request, name: str):
    return request.session.get(KEY, {}).get(name)
