"""Make sure PostgreSQL and Redis answer, and write their URLs to var/services.env.

Order of preference for each service:
1. the URL given in the environment (DATABASE_URL / REDIS_URL), which must answer;
2. the usual local address (127.0.0.1:5432 as user postgres; 127.0.0.1:6379);
3. a private instance under var/ (var/pg on port 54329, var/redis on port 63799), started
   here; the Debian packages are installed with apt when they are missing and we run as root.
OCOP_PRIVATE_SERVICES=1 skips step 2, for a machine whose shared servers should not be used.
When none of these is possible the script stops with the exact command to run.

It runs inside the project's virtual environment (psycopg2 and redis are installed there).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import redis

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PG_DIR = VAR / "pg"
PG_PORT = 54329
REDIS_DIR = VAR / "redis"
REDIS_PORT = 63799
DEFAULT_DB_URL = "postgres://postgres@127.0.0.1:5432/ocop"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
PRIVATE_ONLY = os.environ.get("OCOP_PRIVATE_SERVICES") == "1"


def say(message: str) -> None:
    print(f"[services] {message}", flush=True)


def fail(message: str) -> None:
    print(f"[services] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def is_root() -> bool:
    return os.geteuid() == 0


def apt_install(packages: list[str], why: str) -> None:
    command = "apt-get install -y " + " ".join(packages)
    if not is_root() or not shutil.which("apt-get"):
        fail(f"{why} is missing. Install it with:\n    sudo apt-get update && sudo {command}")
    say(f"installing {' '.join(packages)} with apt ({why} is missing)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env)


# --- PostgreSQL ------------------------------------------------------------------------------


def _with_db(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{dbname}"))


def _pg_server_answers(url: str) -> bool:
    try:
        psycopg2.connect(_with_db(url, "postgres"), connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


def _ensure_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/") or "ocop"
    conn = psycopg2.connect(_with_db(url, "postgres"), connect_timeout=5)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the Debian package creates the "postgres" account.
    if is_root():
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _start_private_postgres() -> str:
    if not _pg_bin("initdb") or not glob.glob("/usr/share/postgresql/*/extension/unaccent.control"):
        apt_install(["postgresql", "postgresql-contrib"], "PostgreSQL")
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    data = PG_DIR / "data"
    PG_DIR.mkdir(parents=True, exist_ok=True)
    if is_root():
        pw = pwd.getpwnam("postgres")
        os.chown(PG_DIR, pw.pw_uid, pw.pw_gid)
    if not (data / "PG_VERSION").exists():
        say(f"initialising a private PostgreSQL cluster in {data}")
        subprocess.run(
            _as_postgres_user(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    url = f"postgres://postgres@127.0.0.1:{PG_PORT}/ocop"
    if not _pg_server_answers(url):
        say(f"starting the private PostgreSQL on 127.0.0.1:{PG_PORT}")
        options = f"-p {PG_PORT} -k {PG_DIR} -c listen_addresses=127.0.0.1"
        subprocess.run(
            _as_postgres_user(
                [
                    pg_ctl,
                    "-D",
                    str(data),
                    "-l",
                    str(PG_DIR / "postgres.log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return url


def ensure_postgres() -> str:
    given = os.environ.get("DATABASE_URL")
    if given:
        for _ in range(20):
            if _pg_server_answers(given):
                break
            time.sleep(0.5)
        else:
            fail(f"DATABASE_URL is set but the server does not answer: {given}")
        url = given
    elif not PRIVATE_ONLY and _pg_server_answers(DEFAULT_DB_URL):
        url = DEFAULT_DB_URL
    else:
        url = _start_private_postgres()
    _ensure_database(url)
    return url


# --- Redis -------------------------------------------------------------------------------------


def _redis_answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _start_private_redis() -> str:
    server = shutil.which("redis-server")
    if not server:
        apt_install(["redis-server"], "Redis")
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
    url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    if not _redis_answers(url):
        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        say(f"starting a private Redis on 127.0.0.1:{REDIS_PORT}")
        subprocess.run(
            [
                server,
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--daemonize",
                "yes",
                "--dir",
                str(REDIS_DIR),
                "--pidfile",
                str(REDIS_DIR / "redis.pid"),
                "--logfile",
                str(REDIS_DIR / "redis.log"),
                "--appendonly",
                "yes",
            ],
            check=True,
        )
        for _ in range(50):
            if _redis_answers(url):
                break
            time.sleep(0.1)
        else:
            fail(f"the private Redis did not start; see {REDIS_DIR / 'redis.log'}")
    return url


def ensure_redis() -> str:
    given = os.environ.get("REDIS_URL")
    if given:
        if not _redis_answers(given):
            fail(f"REDIS_URL is set but Redis does not answer: {given}")
        return given
    if not PRIVATE_ONLY and _redis_answers(DEFAULT_REDIS_URL):
        return DEFAULT_REDIS_URL
    return _start_private_redis()


def main() -> None:
    VAR.mkdir(exist_ok=True)
    db_url = ensure_postgres()
    redis_url = ensure_redis()
    (VAR / "services.env").write_text(
        f"export DATABASE_URL='{db_url}'\nexport REDIS_URL='{redis_url}'\n", encoding="utf-8"
    )
    say(f"PostgreSQL: {db_url}")
    say(f"Redis: {redis_url}")


if __name__ == "__main__":
    main()
