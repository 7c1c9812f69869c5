"""`make bench`: national-scale data, gunicorn on loopback, 20 concurrent clients per page.

Prints a table and writes var/bench/results.json: p50/p95/p99 latency, requests per second and
errors per page, each page's throughput as a share of a trivial view measured in the same run,
the time of `kpi_report` for the province and of a report PDF, and the web workers' memory.
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
GOAL_P95_MS = 200


def bench_env() -> dict:
    url = urlsplit(os.environ["DATABASE_URL"])
    database_url = urlunsplit(url._replace(path="/ocop_bench"))
    conn = psycopg2.connect(urlunsplit(url._replace(path="/postgres")))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'ocop_bench'")
        if cursor.fetchone() is None:
            cursor.execute("CREATE DATABASE ocop_bench")
    conn.close()
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "OCOP_ENV": "development",
        "DJANGO_DEBUG": "0",
        # as in production: persistent database connections, not one per request
        "DATABASE_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }


def manage(env, *args) -> str:
    return subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(env) -> None:
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_reference_data")
    manage(env, "seed_demo")
    print(manage(env, "bench_data").strip())
    print(f"data ready in {time.monotonic() - started:.0f} s", flush=True)


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
        "print(json.dumps({'product': p.pk, 'certificate': c.public_code, 'dossier': d.pk,"
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


def session(username: str) -> tuple[str, str]:
    """Log in once; the session and CSRF cookies every simulated client then sends."""
    with httpx.Client(base_url=BASE, timeout=30) as client:
        log_in(client, username)
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        return cookie, client.cookies.get("csrftoken", "")


def ab(seconds: float, path: str, *, cookie: str, token: str, body: str) -> dict:
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
            [*command, BASE + path], capture_output=True, text=True, check=True
        ).stdout
        percentiles = {
            int(row[0]): float(row[1])
            for row in (line.split(",") for line in table.read_text().splitlines()[1:])
        }

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
        "p50_ms": percentiles[50],
        "p95_ms": percentiles[95],
        "p99_ms": percentiles[99],
        "mean_ms": number("Time per request"),
        "errors": errors,
    }


def run_page(name: str, *, path, user=None, body="") -> dict:
    cookie, token = session(user) if user else ("", "")
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


def main() -> None:
    env = bench_env()
    prepare(env)
    target = ids(env)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "ocop_portal.wsgi",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
        ],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
        },
    )
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{BASE}/ping").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"{CLIENTS} clients, {SECONDS:g} s per page, {WORKERS} gunicorn workers", flush=True)
        pages = [
            ("trivial view (ceiling)", {"path": "/ping"}),
            ("login page", {"path": "/accounts/login/"}),
            ("province dashboard", {"path": "/dashboard/?as_of=2025-12-31", "user": "tinh.ocop"}),
            (
                "filtered product list",
                {"path": "/products/?legal_form=cooperative&q=ca+phe", "user": "tinh.ocop"},
            ),
            ("product page", {"path": f"/products/{target['product']}/", "user": "tinh.ocop"}),
            (
                "scoring page (read)",
                {
                    "path": f"/evaluation/dossiers/{target['dossier']}/score/",
                    "user": "bench.member1",
                },
            ),
            (
                "scoring page (save)",
                {
                    "path": f"/evaluation/dossiers/{target['dossier']}/score/answer/",
                    "user": "bench.member1",
                    "body": (
                        f"criterion={target['criterion']}&option={target['options'][1]}"
                        "&revision=1000000000"
                    ),
                },
            ),
            ("public catalogue search", {"path": "/catalogue/?q=ca+phe"}),
            ("verify page", {"path": f"/verify/{target['certificate']}/"}),
        ]
        results = [run_page(name, **kwargs) for name, kwargs in pages]
        ceiling = results[0]["rps"] or 1
        for row in results:
            row["share_of_ceiling"] = round(row["rps"] / ceiling, 2)
            row["meets_p95_goal"] = row["p95_ms"] < GOAL_P95_MS and row["errors"] == 0
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
        str(ROOT / "var" / "bench" / "report.pdf"),
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
        "pages": results,
        "kpi_report_seconds": kpi_seconds,
        "report_pdf_seconds": pdf_seconds,
        "worker_rss_mb": memory,
    }
    out = ROOT / "var" / "bench" / "results.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print()
    print("| page | req/s | share of ceiling | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in results:
        print(
            f"| {row['page']} | {row['rps']} | {row['share_of_ceiling']:.0%} | "
            f"{row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['errors']} |"
        )
    print(
        f"\nkpi_report (province, JSON): {kpi_seconds} s; report PDF: {pdf_seconds} s; "
        f"web worker memory: {', '.join(f'{m} MB' for m in memory)}"
    )
    print(f"results: {out}")


if __name__ == "__main__":
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    sys.exit(main())
