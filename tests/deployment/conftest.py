"""A production deployment on this machine: the portal under OCOP_ENV=production behind the
repository's nginx configuration, on private PostgreSQL and Redis (the fault tests' stack).

Everything listens on free ports of 127.0.0.1 and is stopped at the end of the session.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.deployment.proxy import SERVER_NAME, Proxy
from tests.faults.stack import ROOT, Stack, build_stack, free_port, wait_until

BODY_MAX_MB = 25


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/deployment/" in str(item.fspath):
            item.add_marker(pytest.mark.deployment)


@dataclass
class Deployment:
    stack: Stack
    proxy: Proxy
    secret: str

    @property
    def env(self) -> dict:
        return {
            "OCOP_ENV": "production",
            "DJANGO_SECRET_KEY": self.secret,
            "DJANGO_ALLOWED_HOSTS": SERVER_NAME,
            # gunicorn sees the proxy's connections from loopback; nobody else may say who
            # the client is
            "TRUSTED_PROXIES": "127.0.0.1/32",
            "STATIC_ROOT": str(self.stack.root / "static"),
            "REQUEST_BODY_MAX_MB": str(BODY_MAX_MB),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *args: str, extra: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.stack.env(**{**self.env, **(extra or {})}),
            capture_output=True,
            text=True,
            timeout=300,
        )

    @property
    def https_url(self) -> str:
        return f"https://127.0.0.1:{self.proxy.https_port}"

    @contextmanager
    def client(self, *, source: str = "127.0.0.1"):
        """A browser at `source` (any 127.x address: loopback takes them all) that speaks
        to the proxy over TLS with the deployment's host name."""
        transport = httpx.HTTPTransport(verify=False, local_address=source)
        headers = {"Host": SERVER_NAME, "Referer": f"https://{SERVER_NAME}/"}
        with httpx.Client(
            base_url=self.https_url, transport=transport, headers=headers, timeout=60
        ) as client:
            yield client

    def gunicorn_answers(self) -> bool:
        try:
            answer = httpx.get(
                f"{self.stack.base_url}/healthz", headers={"Host": SERVER_NAME}, timeout=2
            )
            return answer.status_code in (200, 503)
        except httpx.HTTPError:
            return False

    def proxy_answers(self) -> bool:
        try:
            with self.client() as client:
                return client.get("/ping").status_code == 200
        except httpx.HTTPError:
            return False


@pytest.fixture(scope="session")
def deployment():
    stack = build_stack()
    proxy = Proxy(
        root=stack.root / "proxy",
        http_port=free_port(),
        https_port=free_port(),
        upstream=f"127.0.0.1:{stack.web_port}",
        media_root=stack.root / "media",
        body_max_mb=BODY_MAX_MB,
    )
    deployment = Deployment(stack=stack, proxy=proxy, secret=secrets.token_urlsafe(50))
    try:
        collected = deployment.manage("collectstatic", "--noinput", "-v", "0")
        assert collected.returncode == 0, collected.stderr[-3000:]
        gunicorn = Path(sys.executable).with_name("gunicorn")
        stack.spawn(
            "web",
            [str(gunicorn), "ocop_portal.wsgi", "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{stack.web_port}"],
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            **deployment.env,
        )
        stack.spawn(
            "worker",
            [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--concurrency=1"]
            + ["--loglevel=WARNING", "--without-gossip", "--without-mingle"],
            CELERY_TASK_ALWAYS_EAGER="0",
            **deployment.env,
        )
        stack.spawn("proxy", proxy.command())
        wait_until(deployment.gunicorn_answers, timeout=60, what="gunicorn (production)")
        wait_until(deployment.proxy_answers, timeout=20, what="nginx in front of gunicorn")
        yield deployment
    finally:
        for name in ("web", "worker", "proxy"):
            log = stack.log(name)
            if log:
                print(f"----- {name}.log -----\n{log[-4000:]}")
        stack.shutdown()
