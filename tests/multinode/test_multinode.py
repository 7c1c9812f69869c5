"""Two web nodes that share no disk: a file uploaded through one downloads through the other
with the same scope checks, a report built by the worker downloads from either, the KPI pages
read from the replica, and one node stopped under load leaves the other answering."""

from __future__ import annotations

import concurrent.futures
import contextlib
import time

import httpx

from scripts.bench import log_in
from tests.faults.stack import csrf_token, request_province_report, wait_for_job


@contextlib.contextmanager
def _client(cluster, node: str, username: str | None = None):
    with httpx.Client(base_url=cluster.node_url(node), timeout=60) as client:
        if username:
            log_in(client, username)
        yield client


def _open_dossier(cluster) -> int:
    rows = cluster.sql(
        "SELECT d.id FROM evaluation_dossier d JOIN evaluation_round r"
        " ON r.id = d.round_id WHERE r.status IN ('planned', 'open', 'scoring') ORDER BY d.id"
    )
    assert rows, "the demo data has a dossier in an open round"
    return rows[0][0]


def _pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Giấy chứng nhận an toàn thực phẩm</p>").write_pdf()


def test_a_file_uploaded_through_one_node_downloads_through_the_other(cluster):
    dossier = _open_dossier(cluster)
    content = _pdf()
    before = cluster.sql("SELECT coalesce(max(id), 0) FROM evaluation_evidence")[0][0]
    with _client(cluster, "a", "tinh.ocop") as node_a:
        answer = node_a.post(
            f"/evaluation/dossiers/{dossier}/evidence/",
            data={
                "csrfmiddlewaretoken": csrf_token(node_a, f"/evaluation/dossiers/{dossier}/"),
                "title": "Giấy chứng nhận ATTP",
                "criterion": "",
            },
            files={"file": ("attp.pdf", content, "application/pdf")},
        )
        assert answer.status_code == 302, answer.text[:1500]
    (evidence,) = cluster.sql("SELECT id FROM evaluation_evidence WHERE id > %s", [before])[0]
    assert any(key.startswith("private/") for key in cluster.stored_keys())

    with _client(cluster, "b", "tinh.ocop") as node_b:
        download = node_b.get(f"/evaluation/evidence/{evidence}/")
        assert download.status_code == 200
        assert download.content == content
    # The scope checks hold on node B: commune officers elsewhere are answered 404, as on A.
    officers = [
        row[0]
        for row in cluster.sql(
            "SELECT username FROM accounts_user WHERE role = 'commune_officer' ORDER BY username"
        )
    ]
    answers = {}
    for officer in officers:
        with _client(cluster, "b", officer) as other:
            answers[officer] = other.get(f"/evaluation/evidence/{evidence}/").status_code
    assert set(answers.values()) <= {200, 404}
    assert 404 in answers.values(), answers
    with _client(cluster, "b") as anonymous:
        assert anonymous.get(f"/evaluation/evidence/{evidence}/").status_code == 302
    # Nothing was written to a node's own disk.
    assert not (cluster.root / "no-shared-disk").exists()


def test_a_report_built_by_the_worker_downloads_from_the_other_node(cluster):
    with _client(cluster, "a", "tinh.ocop") as node_a:
        job = request_province_report(cluster, node_a, fmt="pdf")
    wait_for_job(cluster, job, "done", what="the report job", timeout=180)
    with _client(cluster, "b", "tinh.ocop") as node_b:
        download = node_b.get(f"/reports/{job}/download/")
        assert download.status_code == 200
        assert download.content.startswith(b"%PDF")
    assert any(key.startswith("private/reports/") for key in cluster.stored_keys())


def test_kpi_pages_read_from_the_replica_and_forms_from_the_primary(cluster):
    with _client(cluster, "b", "lanhdao.tinh") as leader:
        # Logging in was a write: for a few seconds the leader reads from the primary, so a
        # page right after a form never shows the state from before it.
        assert "ocop_primary" in leader.cookies
        seen = len(cluster.replica_statements())
        assert leader.get("/dashboard/").status_code == 200
        assert "SELECT" not in cluster.replica_statements()[seen:]

        leader.cookies.delete("ocop_primary")
        seen = len(cluster.replica_statements())
        assert leader.get("/dashboard/", params={"as_of": "2025-06-30"}).status_code == 200
        served = cluster.replica_statements()[seen:]
        assert "SELECT" in served and "accounts_administrativeunit" in served

        # A page that is not a heavy read-only page stays on the primary.
        seen = len(cluster.replica_statements())
        assert leader.get("/inbox/").status_code == 200
        assert "accounts_notification" not in cluster.replica_statements()[seen:]


def test_the_replica_follows_the_primary(cluster):
    cluster.sql("CREATE TABLE IF NOT EXISTS replication_probe (id int)")
    cluster.sql("INSERT INTO replication_probe VALUES (1)")
    import psycopg2

    def seen_on_replica():
        conn = psycopg2.connect(cluster.replica_url, connect_timeout=3)
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT to_regclass('replication_probe') IS NOT NULL")
                return cursor.fetchone()[0]
        finally:
            conn.close()

    from tests.faults.stack import wait_until

    wait_until(seen_on_replica, timeout=20, what="the replica to catch up")


def test_one_node_stopped_under_load_leaves_the_other_answering(cluster):
    paths = ["/catalogue/", "/accounts/login/", "/ping"]

    def hit(node: str, i: int) -> tuple[str, int | str]:
        try:
            response = httpx.get(cluster.node_url(node) + paths[i % len(paths)], timeout=30)
            return node, response.status_code
        except httpx.HTTPError as error:
            return node, type(error).__name__

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(hit, "ab"[i % 2], i) for i in range(40)]
            time.sleep(0.3)
            cluster.stop("web-a")
            futures += [pool.submit(hit, "b", i) for i in range(40)]
            results = [future.result() for future in futures]
    finally:
        # the other tests of the module (in any order) use both nodes
        cluster.start_node("a")
    on_b = [status for node, status in results if node == "b"]
    assert on_b and all(status == 200 for status in on_b), on_b
