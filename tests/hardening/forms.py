"""Read a rendered form back into POST data, as a browser would send it unchanged."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = None
        self._textarea = None
        self._first_option = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in attrs:
                self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # HTML drops the newline right after <textarea>
            first = not self.data[self._textarea]
            self.data[self._textarea] += data.lstrip("\n") if first else data


def form_data(html: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(html)
    reader.data.pop("csrfmiddlewaretoken", None)
    return reader.data
