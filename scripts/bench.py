"""`make bench`: two data sizes, gunicorn on loopback, 20 concurrent clients per page.

The national data set (`ocop_bench`: 10,000 producers, 20,000 products, 60,000 certificate
events) and ten times it (`ocop_bench_x10`) are each built once by `bench_data` and reused while
their marker matches. For each size: p50/p95/p99 latency, requests per second and errors per
page, each page's throughput as a share of a trivial view measured in the same run, whether the
page meets its goal (public pages: half the trivial view's throughput and p95 < 50 ms; staff
pages: p95 < 200 ms), the time of `kpi_report` for the province and of a report PDF, and the web
workers' memory; then each page's ratio of the two sizes' median latency (p50) under the same
load (goal: at most 1.5). Prints a table and writes var/bench/results.json.
BENCH_SIZES=1 measures the national size only; BENCH_SECONDS sets the measured seconds per page.
`--compare REV` measures the pages on the code at REV and on this checkout instead, in one run
(scripts/bench_compare.py).
"""

from __future__ import annotations

import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = 8799
BASE = f"http://127.0.0.1:{PORT}"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 20))
SECONDS = float(os.environ.get("BENCH_SECONDS", 10))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
PASSWORD = "ocop-demo-2026"
GOAL_P95_MS = 200  # staff pages
GOAL_PUBLIC_P95_MS = 50
GOAL_PUBLIC_SHARE = 0.5  # of the trivial view's throughput, in the same run
GOAL_RATIO = 1.5  # ten times the data, at most 1.5 times the time


# The two data sizes: the national one and ten times it (see bench_data). Each has its own
# database, built once and reused while its marker matches the seeder's.
SIZES = [("national", "ocop_bench", 1), ("national ×10", "ocop_bench_x10", 10)]
# BENCH_SIZES=1 measures the national size only (a quick run while developing).
SCALES = [int(s) for s in os.environ.get("BENCH_SIZES", "1,10").split(",")]


def _server_url(path: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=path))


def bench_env(database: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _server_url(f"/{database}"),
        "OCOP_ENV": "development",
        "DJANGO_DEBUG": "0",
        # as in production: persistent database connections, not one per request
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        # Each data set and run starts from an empty cache of its own: pages, indicators and
        # choices cached from one database must never answer for the other.
        "CACHE_KEY_PREFIX": f"bench-{database}-{int(time.time())}",
    }


def manage(env, *args) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def _database_marker(database: str) -> str | None:
    """The database's comment (the seeder's marker), or None when there is no such database."""
    conn = psycopg2.connect(_server_url("/postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
                "WHERE datname = %s",
                [database],
            )
            row = cursor.fetchone()
            return None if row is None else row[0]
    finally:
        conn.close()


def _recreate(database: str) -> None:
    conn = psycopg2.connect(_server_url("/postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}"')
            cursor.execute(f'CREATE DATABASE "{database}"')
    finally:
        conn.close()


def prepare(env, database: str, scale: int) -> None:
    started = time.monotonic()
    if _database_marker(database) is None:
        _recreate(database)
    expected = manage(env, "bench_data", "--scale", str(scale), "--marker").strip()
    if _database_marker(database) == expected:
        # built before: only new migrations (indexes) and the members' passwords
        manage(env, "migrate", "--noinput", "-v", "0")
        print(manage(env, "bench_data", "--scale", str(scale)).strip(), flush=True)
    else:
        print(f"building {database} ({expected}) …", flush=True)
        _recreate(database)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_reference_data")
        manage(env, "seed_demo")
        print(manage(env, "bench_data", "--scale", str(scale)).strip(), flush=True)
    print(f"{database} ready in {time.monotonic() - started:.0f} s", flush=True)


def ids(env) -> dict:
    script = (
        "import django; django.setup();"
        "from products.models import Product; from evaluation.models import Certificate, Dossier;"
        "import json;"
        "p = Product.objects.filter(code__startswith='44-B-').order_by('pk')[500];"
        "c = Certificate.objects.filter(superseded_on__isnull=True).order_by('pk')[500];"
        "d = Dossier.objects.filter(round__name__startswith='Đợt thử tải').order_by('pk').first();"
        "crit = d.sheets.first().answers.first();"
        "opts = list(crit.criterion.options.values_list('pk', flat=True));"
        "print(json.dumps({'product': p.pk, 'code': p.code, 'certificate': c.public_code,"
        " 'dossier': d.pk,"
        " 'criterion': crit.criterion_id, 'options': opts}))"
    )
    out = subprocess.run(
        [PY, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def log_in(client: httpx.Client, username: str) -> None:
    """Log in through the login form, as a person does (also used by the fault tests)."""
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
    )
    assert response.status_code == 302, f"login failed for {username}"


def session(username: str, base: str = BASE) -> tuple[str, str]:
    """Log in once; the session and CSRF cookies every simulated client then sends."""
    with httpx.Client(base_url=base, timeout=30) as client:
        log_in(client, username)
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        return cookie, client.cookies.get("csrftoken", "")


def ab(seconds: float, path: str, *, cookie: str, token: str, body: str, base: str = BASE) -> dict:
    # ApacheBench (C, one thread, keep-alive) takes a sliver of the CPU a Python generator
    # would, so the two cores go to the portal. Its percentiles come from the -e table, in
    # milliseconds with decimals. (wrk was tried first: its latency histogram was wrong on this
    # virtual machine, reporting averages that its own request rate made impossible.)
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "percentiles.csv"
        command = ["ab", "-k", "-q", "-c", str(CLIENTS), "-t", f"{seconds:g}", "-n", "10000000"]
        command += ["-s", "30", "-e", str(table)]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        if body:
            posted = Path(folder) / "body"
            posted.write_text(body)
            command += ["-p", str(posted), "-T", "application/x-www-form-urlencoded"]
            command += ["-H", f"X-CSRFToken: {token}", "-H", "HX-Request: true"]
        out = subprocess.run(
            [*command, base + path], capture_output=True, text=True, check=True
        ).stdout
        # (no table when no request completed in the time: the page then has no percentiles)
        lines = table.read_text().splitlines()[1:] if table.exists() else []
        percentiles = {int(row[0]): float(row[1]) for row in (line.split(",") for line in lines)}

    def number(label: str) -> float:
        found = re.search(rf"^{label}:\s+([\d.]+)", out, re.MULTILINE)
        return float(found.group(1)) if found else 0.0

    # "Length" failures are pages whose size varies (CSRF tokens): not errors.
    failed = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)\)", out)
    errors = sum(int(n) for n in failed.groups()) if failed else 0
    errors += int(number("Non-2xx responses"))
    return {
        "requests": int(number("Complete requests")),
        "rps": number("Requests per second"),
        "p50_ms": percentiles.get(50, 0.0),
        "p95_ms": percentiles.get(95, 0.0),
        "p99_ms": percentiles.get(99, 0.0),
        "mean_ms": number("Time per request"),
        "errors": errors,
    }


def run_page(name: str, *, path, user=None, body="") -> dict:
    cookie, token = session(user) if user else ("", "")
    if not body:
        # One request first, unhurried: a page whose first view fills a shared cache (the
        # dashboard's indicators for the scope and day) is measured as people meet it after.
        headers = {"Cookie": cookie} if cookie else {}
        httpx.get(BASE + path, headers=headers, timeout=600)
    # Warm-up, not measured: every gunicorn worker opens its database connection and fills
    # its caches (the dashboard's indicators are computed once per worker and scope).
    ab(4, path, cookie=cookie, token=token, body=body)
    result = {"page": name, **ab(SECONDS, path, cookie=cookie, token=token, body=body)}
    print(
        f"  {name:<28} {result['rps']:>8} req/s  p50 {result['p50_ms']:>7} ms  "
        f"p95 {result['p95_ms']:>7} ms  p99 {result['p99_ms']:>7} ms  errors {result['errors']}",
        flush=True,
    )
    return result


def worker_memory(master_pid: int) -> list[float]:
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        sizes.append(round(kilobytes / 1024, 1))
    return sizes


def timed(env, *args) -> float:
    started = time.monotonic()
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return round(time.monotonic() - started, 2)


def page_list(target: dict) -> list[tuple[str, str, dict]]:
    """(name, kind, request): kind "public" pages aim at half the trivial view's throughput and
    p95 < 50 ms, "staff" pages (and the login form) at p95 < 200 ms."""
    return [
        ("trivial view (ceiling)", "ceiling", {"path": "/ping"}),
        ("landing page", "public", {"path": "/"}),
        ("public catalogue search", "public", {"path": "/catalogue/?q=ca+phe"}),
        ("public product page", "public", {"path": f"/catalogue/{target['code']}/"}),
        ("verify page", "public", {"path": f"/verify/{target['certificate']}/"}),
        ("login page", "staff", {"path": "/accounts/login/"}),
        (
            "province dashboard",
            "staff",
            {"path": "/dashboard/?as_of=2025-12-31", "user": "tinh.ocop"},
        ),
        (
            "filtered product list",
            "staff",
            {"path": "/products/?legal_form=cooperative&q=ca+phe", "user": "tinh.ocop"},
        ),
        (
            "product page",
            "staff",
            {"path": f"/products/{target['product']}/", "user": "tinh.ocop"},
        ),
        (
            "scoring page (read)",
            "staff",
            {"path": f"/evaluation/dossiers/{target['dossier']}/score/", "user": "bench.member1"},
        ),
        (
            "scoring page (save)",
            "staff",
            {
                "path": f"/evaluation/dossiers/{target['dossier']}/score/answer/",
                "user": "bench.member1",
                "body": (
                    f"criterion={target['criterion']}&option={target['options'][1]}"
                    "&revision=999999999"
                ),
            },
        ),
    ]


def meets_goal(kind: str, row: dict) -> bool:
    if row["errors"] or row["requests"] < 100:  # too few answers for a 95th percentile
        return False
    if kind == "public":
        return row["share_of_ceiling"] >= GOAL_PUBLIC_SHARE and row["p95_ms"] < GOAL_PUBLIC_P95_MS
    return row["p95_ms"] < GOAL_P95_MS


def start_server(env: dict, port: int, cwd: Path) -> subprocess.Popen:
    """gunicorn with the production settings (gunicorn.conf.py) for the code in `cwd`."""
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "ocop_portal.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=cwd,
        env={
            **env,
            "GUNICORN_WORKERS": str(WORKERS),
            # Production recycles a worker every 10,000 requests; at a thousand requests a
            # second that would restart workers (seconds of loading each) inside a
            # measurement, so the benchmark keeps them for the run.
            "GUNICORN_MAX_REQUESTS": "1000000",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        },
    )


def wait_ready(ping_url: str) -> None:
    for _ in range(100):
        try:
            if httpx.get(ping_url).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    time.sleep(5)  # the first worker answers; the others are still loading the portal


def measure(label: str, database: str, scale: int) -> dict:
    env = bench_env(database)
    prepare(env, database, scale)
    target = ids(env)
    server = start_server(env, PORT, ROOT)
    try:
        wait_ready(f"{BASE}/ping")
        print(
            f"{label}: {CLIENTS} clients, {SECONDS:g} s per page, {WORKERS} gunicorn workers",
            flush=True,
        )
        results = []
        for name, kind, kwargs in page_list(target):
            results.append({**run_page(name, **kwargs), "kind": kind})
        ceiling = results[0]["rps"] or 1
        for row in results:
            row["share_of_ceiling"] = round(row["rps"] / ceiling, 2)
            row["meets_goal"] = meets_goal(row["kind"], row)
        memory = worker_memory(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    kpi_seconds = timed(env, "kpi_report", "--as-of", "2025-12-31")
    pdf_seconds = timed(
        env,
        "kpi_report",
        "--as-of",
        "2025-12-31",
        "--format",
        "pdf",
        "--output",
        str(ROOT / "var" / "bench" / f"report-{database}.pdf"),
    )
    print(f"  kpi_report {kpi_seconds} s, PDF {pdf_seconds} s", flush=True)
    return {
        "size": label,
        "database": database,
        "scale": scale,
        "pages": results,
        "kpi_report_seconds": kpi_seconds,
        "report_pdf_seconds": pdf_seconds,
        "worker_rss_mb": memory,
    }


def main() -> None:
    runs = [measure(label, db, scale) for label, db, scale in SIZES if scale in SCALES]
    ratios = []
    if len(runs) == 2:
        # The ratio of the two sizes' median latencies (p50) under the same 20 clients.
        for small, large in zip(runs[0]["pages"], runs[1]["pages"], strict=True):
            ratio = round(large["p50_ms"] / small["p50_ms"], 2) if small["p50_ms"] else None
            measured = bool(large["p50_ms"]) and small["kind"] != "ceiling"
            ratios.append(
                {
                    "page": small["page"],
                    "p50_ratio": ratio if large["p50_ms"] else None,
                    "meets_goal": measured and ratio is not None and ratio <= GOAL_RATIO,
                }
            )
    summary = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "clients": CLIENTS,
        "seconds_per_page": SECONDS,
        "gunicorn_workers": WORKERS,
        "runs": runs,
        "p50_ratio_large_to_national": ratios,
    }
    out = ROOT / "var" / "bench" / "results.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print()
    head = "| page | goal |"
    rule = "|---|---|"
    for run in runs:
        head += f" {run['size']}: req/s | share | p50 | p95 | p99 | errors | met |"
        rule += "---:|---:|---:|---:|---:|---:|---|"
    if ratios:
        head += " p50 ×10 / national | ≤ 1.5× |"
        rule += "---:|---|"
    print(head)
    print(rule)
    goals = {
        "ceiling": "–",
        "public": f"≥ {GOAL_PUBLIC_SHARE:.0%}, p95 < {GOAL_PUBLIC_P95_MS} ms",
        "staff": f"p95 < {GOAL_P95_MS} ms",
    }
    for i, first in enumerate(runs[0]["pages"]):
        line = f"| {first['page']} | {goals[first['kind']]} |"
        for run in runs:
            row = run["pages"][i]
            met = "–" if row["kind"] == "ceiling" else ("yes" if row["meets_goal"] else "no")
            line += (
                f" {row['rps']:.0f} | {row['share_of_ceiling']:.0%} | {row['p50_ms']:.0f} | "
                f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['errors']} | {met} |"
            )
        if ratios:
            ratio = ratios[i]
            met = "–" if first["kind"] == "ceiling" else ("yes" if ratio["meets_goal"] else "no")
            line += f" {ratio['p50_ratio'] or '–'} | {met} |"
        print(line)
    print()
    for run in runs:
        print(
            f"{run['size']}: kpi_report (province, JSON) {run['kpi_report_seconds']} s; "
            f"report PDF {run['report_pdf_seconds']} s; web worker memory "
            f"{', '.join(f'{m} MB' for m in run['worker_rss_mb'])}"
        )
    print(f"results: {out}")


if __name__ == "__main__":
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    if sys.argv[1:2] == ["--compare"]:
        # `--compare REV`: the pages on the code at REV and on this checkout, in one run
        # (see scripts/bench_compare.py).
        from bench_compare import compare

        sys.exit(compare(sys.argv[2]))
    sys.exit(main())
