"""gunicorn gets SIGTERM (a deployment, `docker stop`) while requests are in flight: every one
of them is answered in full, then the server exits cleanly."""

import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.faults.stack import wait_until

IN_FLIGHT = 6  # below the 2 workers × 4 threads that gunicorn.conf.py gives the test server
PATHS = ["/accounts/login/", "/catalogue/", "/ping"]


@pytest.fixture
def held_web(stack):
    stack.start_web(app="tests.faults.slow_app:application")
    yield stack
    stack.stop("web", timeout=15)
    print(stack.log("web")[-4000:])
    (stack.root / "web.log").unlink(missing_ok=True)


def test_in_flight_requests_finish_on_sigterm(held_web):
    stack = held_web

    def fetch(index):
        path = PATHS[index % len(PATHS)]
        with httpx.Client(base_url=stack.base_url, timeout=30) as client:
            return path, client.get(path, headers={"X-Test-Hold": "2"})

    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        futures = [pool.submit(fetch, index) for index in range(IN_FLIGHT)]
        # every request has been accepted and is being held when the signal arrives
        wait_until(
            lambda: _connections(stack) >= IN_FLIGHT,
            timeout=10,
            interval=0.02,
            what="the requests to be in flight",
        )
        time.sleep(0.3)  # accepted by a worker thread, not merely by the kernel
        server = stack.processes["web"]
        server.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        answers = [future.result() for future in futures]

    for path, answer in answers:
        assert answer.status_code == 200, (path, answer.status_code)
        assert answer.text.strip(), path
        if path != "/ping":
            assert "</html>" in answer.text, path
    assert server.wait(timeout=40) == 0
    assert time.monotonic() - signalled < 35  # well within graceful_timeout
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{stack.base_url}/ping", timeout=2)


def _connections(stack) -> int:
    """Established connections to the test server's port, as the kernel sees them."""
    port = f"{stack.web_port:04X}"
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                # local address ends in :PORT, state 01 = ESTABLISHED, on the server side
                if fields[1].endswith(f":{port}") and fields[3] == "01":
                    count += 1
    return count
