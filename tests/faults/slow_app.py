"""The portal's WSGI application, with requests held back on demand (tests only).

A request carrying the header `X-Test-Hold: <seconds>` waits that long before the portal
handles it, so that a test can have requests in flight at a moment of its choosing.
"""

import time

from ocop_portal.wsgi import application as portal


def application(environ, start_response):
    hold = float(environ.get("HTTP_X_TEST_HOLD", 0) or 0)
    if hold:
        time.sleep(min(hold, 10))
    return portal(environ, start_response)
