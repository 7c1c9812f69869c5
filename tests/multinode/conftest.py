"""A deployment on several "machines", with real processes on this one: a PostgreSQL primary
and a streaming replica, PgBouncer in transaction mode, an S3-compatible object store (moto's
server), Redis, a Celery worker and two gunicorn web nodes that share nothing but these
services — as a national deployment behind a load balancer would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import boto3
import pytest

from scripts.services import _as_postgres_user, _ensure_database, _pg_bin
from tests.faults.stack import ROOT, Stack, free_port, wait_until

BUCKET = "ocop-files"
ACCESS_KEY, SECRET_KEY = "ocop-test", "ocop-test-secret"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/multinode/" in str(item.fspath):
            item.add_marker(pytest.mark.faults)


class Cluster(Stack):
    def __init__(self, root: Path):
        super().__init__(root=root)
        self.replica_port = free_port()
        self.bouncer_port = free_port()
        self.s3_port = free_port()
        self.node_ports = {"a": free_port(), "b": free_port()}

    # --- PostgreSQL: primary, replica, PgBouncer ----------------------------------------------

    @property
    def replica_data(self) -> Path:
        return self.root / "replica"

    def start_replica(self) -> None:
        subprocess.run(
            _as_postgres_user(
                [_pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.pg_port)]
                + ["-U", "postgres", "-D", str(self.replica_data), "-R", "-X", "stream"]
            ),
            check=True,
            capture_output=True,
        )
        # Every statement the replica runs is logged: the test reads which pages it served.
        options = (
            f"-p {self.replica_port} -k {self.root} -c listen_addresses=127.0.0.1"
            " -c log_statement=all -c hot_standby=on"
        )
        subprocess.run(
            _as_postgres_user(
                [_pg_bin("pg_ctl"), "-D", str(self.replica_data)]
                + ["-l", str(self.replica_log), "-o", options, "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )

    @property
    def replica_log(self) -> Path:
        return self.root / "replica.log"

    def replica_statements(self) -> str:
        return self.replica_log.read_text(errors="replace")

    def stop_replica(self) -> None:
        subprocess.run(
            _as_postgres_user(
                [_pg_bin("pg_ctl"), "-D", str(self.replica_data), "-m", "fast", "stop"]
            ),
            capture_output=True,
        )

    def start_bouncer(self) -> None:
        config = self.root / "pgbouncer.ini"
        (self.root / "userlist.txt").write_text('"postgres" ""\n')
        config.write_text(
            "[databases]\n"
            f"ocop = host=127.0.0.1 port={self.pg_port} dbname=ocop\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.bouncer_port}\n"
            f"unix_socket_dir =\nauth_type = trust\nauth_file = {self.root / 'userlist.txt'}\n"
            "pool_mode = transaction\nmax_client_conn = 200\ndefault_pool_size = 10\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
            # no logfile: PgBouncer writes to its standard error, kept in pgbouncer.log
        )
        for path in (config, self.root / "userlist.txt"):
            shutil.chown(path, "postgres") if os.geteuid() == 0 else None
        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        command = [binary, str(config)]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            command = [binary, "-u", "postgres", str(config)]
        self.spawn("pgbouncer", command)
        wait_until(self._bouncer_answers, timeout=15, what="PgBouncer")

    def _bouncer_answers(self) -> bool:
        import psycopg2

        try:
            psycopg2.connect(self.bouncer_url, connect_timeout=2).close()
            return True
        except psycopg2.Error:
            return False

    @property
    def bouncer_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.bouncer_port}/ocop"

    @property
    def replica_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/ocop"

    # --- object storage -----------------------------------------------------------------------

    def start_object_storage(self) -> None:
        self.spawn(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.s3_port)],
        )
        wait_until(self._s3_answers, timeout=30, what="the object store")
        self.s3().create_bucket(Bucket=BUCKET)

    def s3(self):
        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    def _s3_answers(self) -> bool:
        try:
            self.s3().list_buckets()
            return True
        except Exception:
            return False

    def stored_keys(self) -> list[str]:
        listing = self.s3().list_objects_v2(Bucket=BUCKET)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    # --- the portal's processes -------------------------------------------------------------

    def env(self, **extra: str) -> dict:
        return super().env(
            **{
                "OBJECT_STORAGE_BUCKET": BUCKET,
                "OBJECT_STORAGE_ENDPOINT": self.s3_url,
                "OBJECT_STORAGE_ACCESS_KEY": ACCESS_KEY,
                "OBJECT_STORAGE_SECRET_KEY": SECRET_KEY,
                "DATABASE_REPLICA_URL": self.replica_url,
                # no shared folder between the nodes: a file on local disk would be a bug
                "PRIVATE_FILES_ROOT": str(self.root / "no-shared-disk"),
                **extra,
            }
        )

    def start_node(self, name: str, **env: str) -> None:
        port = self.node_ports[name]
        self.spawn(
            f"web-{name}",
            [str(Path(sys.executable).with_name("gunicorn")), "ocop_portal.wsgi"]
            + ["--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
            + ["--access-logfile", "-"],
            GUNICORN_WORKERS="2",
            GUNICORN_THREADS="4",
            **env,
        )
        wait_until(lambda: self._node_answers(port), timeout=60, what=f"web node {name}")

    def _node_answers(self, port: int) -> bool:
        import httpx

        try:
            return httpx.get(f"http://127.0.0.1:{port}/ping", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def node_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.node_ports[name]}"

    def shutdown(self) -> None:
        self.stop_replica()
        super().shutdown()


@pytest.fixture(scope="module")
def cluster():
    root = Path(tempfile.mkdtemp(prefix="ocop-cluster-"))
    root.chmod(0o755)
    cluster = Cluster(root)
    try:
        cluster.init_postgres()
        cluster.start_postgres()
        _ensure_database(cluster.database_url)
        cluster.start_redis()
        cluster.start_object_storage()
        for command in (
            ["migrate", "--noinput", "-v", "0"],
            ["load_reference_data"],
            ["seed_demo"],
        ):
            cluster.manage(*command)
        cluster.start_replica()
        cluster.start_bouncer()
        # Node A talks to PostgreSQL directly, node B through PgBouncer (transaction pooling).
        cluster.start_node("a")
        cluster.start_node("b", DATABASE_URL=cluster.bouncer_url, DATABASE_PGBOUNCER="1")
        cluster.start_worker()
        yield cluster
    finally:
        for name in ("web-a", "web-b", "worker", "s3", "pgbouncer"):
            log = cluster.log(name)
            if log:
                print(f"----- {name}.log -----\n{log[-4000:]}")
        cluster.shutdown()


__all__ = ["ROOT", "cluster"]
