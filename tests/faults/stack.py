"""A whole portal deployment on this machine, built for being broken on purpose.

PostgreSQL and Redis are private instances (own data directory, own free port), so a test may
stop and restart them without touching the servers anything else uses. The portal runs as it
does in production: gunicorn with gunicorn.conf.py, a Celery worker and Celery beat, each a
real process with the same environment.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg2

from scripts.bench import log_in
from scripts.services import (
    _as_postgres_user,
    _ensure_database,
    _pg_bin,
    _pg_server_answers,
    _redis_answers,
    is_root,
)

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


@dataclass
class Stack:
    root: Path
    pg_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    # --- environment -------------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.pg_port}/ocop"

    @property
    def files(self) -> Path:
        return self.root / "private"

    def env(self, **extra: str) -> dict:
        return {
            **os.environ,
            "OCOP_ENV": "development",
            "DJANGO_DEBUG": "0",
            "DATABASE_URL": self.database_url,
            # persistent connections, as in production: a restart must not break them for good
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": self.redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PRIVATE_FILES_ROOT": str(self.files),
            "MEDIA_ROOT": str(self.root / "media"),
            "LOG_LEVEL": "WARNING",
            # the sweeper's margins, shortened so that a test sees it act within seconds
            "REPORT_SWEEP_SECONDS": "1",
            "REPORT_UNSENT_AFTER_SECONDS": "2",
            "REPORT_STALLED_AFTER_SECONDS": "6",
            # a worker beats every second and is missed after four
            "WORKER_HEARTBEAT_SECONDS": "1",
            "WORKER_SEEN_WITHIN_SECONDS": "4",
            **extra,
        }

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def sql(self, query: str, params=()) -> list[tuple]:
        conn = psycopg2.connect(self.database_url, connect_timeout=3)
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()

    # --- PostgreSQL --------------------------------------------------------------------------

    @property
    def pg_data(self) -> Path:
        return self.root / "pg"

    def init_postgres(self) -> None:
        if is_root():
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        subprocess.run(
            _as_postgres_user(
                [_pg_bin("initdb"), "-D", str(self.pg_data), "-U", "postgres", "--auth=trust"]
                + ["-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            capture_output=True,
        )

    def start_postgres(self) -> None:
        options = f"-p {self.pg_port} -k {self.root} -c listen_addresses=127.0.0.1"
        subprocess.run(
            _as_postgres_user(
                [_pg_bin("pg_ctl"), "-D", str(self.pg_data), "-l", str(self.root / "pg.log")]
                + ["-o", options, "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )

    def postgres_answers(self) -> bool:
        return _pg_server_answers(self.database_url)

    def stop_postgres(self) -> None:
        # "fast": what a restart by an operator or a failover does to open connections
        subprocess.run(
            _as_postgres_user([_pg_bin("pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "stop"]),
            check=True,
            capture_output=True,
        )

    # --- Redis -------------------------------------------------------------------------------

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start_redis(self) -> None:
        self.spawn(
            "redis",
            [shutil.which("redis-server") or "/usr/bin/redis-server"]
            + ["--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.root)],
        )
        wait_until(self.redis_answers, timeout=10, what="Redis")

    def redis_answers(self) -> bool:
        return _redis_answers(self.redis_url)

    def stop_redis(self) -> None:
        self.stop("redis")

    # --- the portal's processes -------------------------------------------------------------

    def spawn(self, name: str, command: list[str], **extra_env: str) -> subprocess.Popen:
        with (self.root / f"{name}.log").open("a") as log:  # the child keeps its own copy
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(**extra_env),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that it can be killed whole
            )
        self.processes[name] = process
        return process

    def start_web(self, app: str = "ocop_portal.wsgi") -> subprocess.Popen:
        process = self.spawn(
            "web",
            [str(Path(sys.executable).with_name("gunicorn")), app, "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{self.web_port}", "--access-logfile", "-"],
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
        )
        wait_until(self._web_answers, timeout=30, what="gunicorn")
        return process

    def _web_answers(self) -> bool:
        try:
            return httpx.get(f"{self.base_url}/ping", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start_worker(self, name: str = "worker") -> subprocess.Popen:
        return self.spawn(
            name,
            [sys.executable, "-m", "celery", "-A", "ocop_portal", "worker", "--concurrency=1"]
            + ["--loglevel=INFO", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
        )

    def start_beat(self) -> subprocess.Popen:
        return self.spawn(
            "beat",
            [sys.executable, "-m", "celery", "-A", "ocop_portal", "beat", "--loglevel=INFO"]
            + ["--schedule", str(self.root / "beat-schedule")],
        )

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> int | None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return process.returncode if process else None
        with suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def shutdown(self) -> None:
        for name in list(self.processes):
            self.stop(name, timeout=10)
        with suppress(subprocess.CalledProcessError):
            self.stop_postgres()
        shutil.rmtree(self.root, ignore_errors=True)

    # --- a user's session --------------------------------------------------------------------

    @contextmanager
    def client(self, username: str | None = None):
        with httpx.Client(base_url=self.base_url, timeout=30) as client:
            if username:
                log_in(client, username)
            yield client


def build_stack() -> Stack:
    # Not under pytest's own temporary folder: that one is private to root, and PostgreSQL
    # runs as the postgres account.
    root = Path(tempfile.mkdtemp(prefix="ocop-faults-"))
    root.chmod(0o755)
    stack = Stack(root=root)
    stack.init_postgres()
    stack.start_postgres()
    _ensure_database(stack.database_url)
    stack.start_redis()
    for command in (["migrate", "--noinput", "-v", "0"], ["load_reference_data"], ["seed_demo"]):
        stack.manage(*command)
    return stack


def csrf_token(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def request_province_report(stack: Stack, client: httpx.Client, fmt: str = "pdf") -> int:
    """Ask for the province report as a user does (the form on /reports/); the job's id."""
    province = stack.sql(
        "SELECT id FROM accounts_administrativeunit WHERE level = 'province' AND code = '44'"
        " AND valid_to IS NULL"
    )[0][0]
    before = stack.sql("SELECT coalesce(max(id), 0) FROM reports_reportjob")[0][0]
    answer = client.post(
        "/reports/",
        data={
            "csrfmiddlewaretoken": csrf_token(client, "/reports/"),
            "unit": province,
            "as_of": "2025-12-31",
            "format": fmt,
        },
    )
    assert answer.status_code == 302, answer.text[:2000]
    (job,) = stack.sql("SELECT id FROM reports_reportjob WHERE id > %s", [before])[0]
    return job


def job_state(stack: Stack, job: int) -> tuple[str, int, str]:
    return stack.sql("SELECT status, attempts, file FROM reports_reportjob WHERE id = %s", [job])[0]


def report_files(stack: Stack) -> list[str]:
    folder = stack.files / "reports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def wait_for_job(
    stack: Stack, job: int, status: str, *, what: str, timeout: float = 90, interval: float = 0.5
) -> tuple[str, int, str]:
    """Wait until the report job reaches `status`; its (status, attempts, file)."""
    return wait_until(
        lambda: (state := job_state(stack, job))[0] == status and state,
        timeout=timeout,
        interval=interval,
        what=what,
    )
