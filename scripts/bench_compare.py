"""`scripts/bench.py --compare REV` (`make bench-compare REV=…`): the benchmark's pages on the
code at REV ("before") and on this checkout ("after"), measured in one run on the same data.

- REV is checked out into a temporary git worktree (removed afterwards) and run with this
  checkout's .venv.
- The data are built once per REV and size with REV's own code (`migrate`, `load_reference_data`,
  `seed_demo`, `bench_data --scale`, then the benchmark rounds' scoring rosters fixed as starting
  the scoring does) into a pristine database, marked with a comment and reused while the mark
  matches. Each run copies it twice (`CREATE DATABASE … TEMPLATE …`): the "before"
  copy as REV left it, the "after" copy brought forward by this checkout's migrations. Both serve
  the same rows; JIT is off on both (the later code turns it off itself).
- Through Django's test client, as each page's user, in one process per revision: the number
  of SQL queries of a first request (empty cache) and of a second one, and the CPU time of a
  request (the median of BENCH_COMPARE_CPU_REPEAT=30 samples of thread time, taken in turns of
  three, before, after, after, before, …; a sample of a page cheaper than 20 ms is the mean of
  as many requests as take 20 ms). The counts do not depend on the machine's other
  work at all, the CPU time much less than latencies do.
- Both revisions are served by gunicorn at once, each on its own port with the production
  settings, and each page of `make bench`'s list is opened and warmed up on both, then measured
  BENCH_COMPARE_ROUNDS=3 times on each, the order turning every time (before, after, after,
  before, before, after; the next page starts with after), so that a drift of the machine's load
  falls on both alike. A revision's figures are the medians of its rounds. Same clients,
  warm-up and seconds as `make bench`. A page whose address the old code does not answer is
  left out and listed.

Prints a table (queries, CPU time, and p50, p95 and requests per second before and after, with
their ratios) and writes var/bench/compare.json. A page is flagged when its median, its
throughput both, or its CPU time, are more than 10 % worse after. BENCH_COMPARE_SCALE (default 1:
the national data set, about 2 minutes to build with the code of November 2026) sets the data
size; BENCH_SECONDS the seconds of a round.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import bench
import httpx
import psycopg2

ROOT = bench.ROOT
PY = bench.PY
SCALE = float(os.environ.get("BENCH_COMPARE_SCALE", 1))
# Each page is measured ROUNDS times on each revision, the order turning every time
# (before, after, after, before, …); a revision's figure is the median of its rounds.
ROUNDS = int(os.environ.get("BENCH_COMPARE_ROUNDS", 3))
# Requests per page timed (CPU) in the test client, on each revision.
CPU_REPEAT = int(os.environ.get("BENCH_COMPARE_CPU_REPEAT", 30))
SLOWER = 1.10  # flagged when after is worse than before by more than 10 %
# Bump when the way the pristine data are built changes: a database with another mark is rebuilt.
BUILD = 2

# Run under REV's code once its data are built: `bench_data` leaves its rounds in scoring without
# the roster that starting the scoring fixes, and revisions differ in how they treat a round
# without one (refusing every member's answer, or accepting any scoring seat). Fixing the roster
# as scoring does (its scoring seats, on the day scoring opened) lets the scoring pages do the
# same work on both revisions: show and save a rostered member's sheet.
FIX_ROSTERS = """
import django
django.setup()
from django.db import transaction
from evaluation.models import CouncilSeat, Round

try:
    from evaluation.models import RosterEntry
except ImportError:  # a revision from before the scoring roster: nothing to fix
    print("rosters: none at this revision")
    raise SystemExit(0)
rounds = Round.objects.filter(name__startswith="Đợt thử tải", roster_fixed_on__isnull=True)
with transaction.atomic():
    entries = [
        RosterEntry(round=round_, member_id=seat.user_id, position=seat.position,
                    added_on=round_.scoring_opens)
        for round_ in rounds
        for seat in CouncilSeat.objects.filter(council_id=round_.council_id).exclude(
            position="secretary"
        )
    ]
    RosterEntry.objects.bulk_create(entries, batch_size=5000)
    for round_ in rounds:
        Round.objects.filter(pk=round_.pk).update(roster_fixed_on=round_.scoring_opens)
print(f"rosters fixed: {len(entries)} entries")
"""


# A helper process under either revision's code (cwd = its checkout) that opens the pages
# through Django's test client as each page's user, on command (one JSON line in, one out):
# "count" a request's SQL queries, or "time" a few requests' CPU time (thread time).
PAGE_PROBE = """
import json, sys, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
import accounts

pages = json.loads(sys.argv[1])
clients = {}


def client(i):
    if i not in clients:
        clients[i] = Client(raise_request_exception=False)
        if pages[i].get("user"):
            clients[i].force_login(get_user_model().objects.get(username=pages[i]["user"]))
    return clients[i]


def request(i):
    page = pages[i]
    if page.get("body"):
        return client(i).post(
            page["path"], data=page["body"], HTTP_HX_REQUEST="true",
            content_type="application/x-www-form-urlencoded",
        )
    return client(i).get(page["path"])


print("@@" + json.dumps({"code": accounts.__file__}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    i = command["page"]
    client(i)  # logged in before anything is counted
    if command["op"] == "count":
        contexts = [CaptureQueriesContext(connections[alias]) for alias in connections]
        for context in contexts:
            context.__enter__()
        try:
            response = request(i)
        finally:
            for context in contexts:
                context.__exit__(None, None, None)
        answer = {
            "queries": sum(len(context.captured_queries) for context in contexts),
            "status": response.status_code,
        }
    else:
        # A sample is one request, or for a page cheaper than 20 ms the mean of as many as
        # take 20 ms: a millisecond page is otherwise at the mercy of one scheduler tick.
        answer = {"cpu_ms": []}
        for _ in range(command["n"]):
            started, done = time.thread_time(), 0
            while not done or (time.thread_time() - started < 0.02 and done < 100):
                request(i)
                done += 1
            answer["cpu_ms"].append((time.thread_time() - started) * 1000 / done)
    print("@@" + json.dumps(answer), flush=True)
"""


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def _admin(sql: str, params=None, database: str = "postgres") -> list:
    conn = psycopg2.connect(bench._server_url(f"/{database}"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        conn.close()


def _copy(template: str, database: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{database}"')
    _admin(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')


def _settle(database: str) -> None:
    # As the later code does on its own connections (and the same for both): no JIT; fresh
    # statistics after the bulk loads and migrations.
    _admin(f'ALTER DATABASE "{database}" SET jit = off')
    _admin("VACUUM ANALYZE", database=database)


def manage(cwd: Path, env: dict, *args: str) -> str:
    # The building is niced: the machine is shared, and nothing of it is measured.
    return subprocess.run(
        ["nice", PY, "manage.py", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build_pristine(checkout: Path, sha: str, database: str) -> None:
    mark = f"ocop_compare v{BUILD} {sha} scale={SCALE:g}"
    if bench._database_marker(database) == mark:
        print(f"{database}: built before ({mark})", flush=True)
        return
    started = time.monotonic()
    print(f"building {database} with the code at {sha[:9]} (scale {SCALE:g}) …", flush=True)
    bench._recreate(database)
    env = bench.bench_env(database)
    manage(checkout, env, "migrate", "--noinput", "-v", "0")
    manage(checkout, env, "load_reference_data")
    manage(checkout, env, "seed_demo")
    print("  " + manage(checkout, env, "bench_data", "--scale", f"{SCALE:g}").strip(), flush=True)
    fixed = subprocess.run(
        ["nice", PY, "-c", FIX_ROSTERS],
        cwd=checkout,
        env={**env, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    print("  " + fixed.stdout.strip().splitlines()[-1], flush=True)
    _admin("VACUUM ANALYZE", database=database)
    _admin(f'COMMENT ON DATABASE "{database}" IS %s', [mark])
    print(f"  built in {time.monotonic() - started:.0f} s", flush=True)


class Probe:
    """PAGE_PROBE running under one revision's code."""

    def __init__(self, checkout: Path, env: dict, pages: list):
        requests = [{"name": name, **kwargs} for name, _kind, kwargs in pages]
        self.process = subprocess.Popen(
            [PY, "-c", PAGE_PROBE, json.dumps(requests)],
            cwd=checkout,
            env={**env, "DJANGO_SETTINGS_MODULE": "ocop_portal.settings"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.code = self._answer()["code"]

    def _answer(self) -> dict:
        for line in self.process.stdout:
            if line.startswith("@@"):
                return json.loads(line[2:])
        raise RuntimeError(f"the page probe stopped ({self.process.wait()})")

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def probe_pages(probes: dict, pages: list) -> dict:
    """Per page and revision: the SQL queries of a first request (on an empty cache) and of a
    second one, and the median CPU time of CPU_REPEAT further requests, taken in turns of three
    (before, after, after, before, …) so that both meet the machine's load alike."""
    found = {side: {} for side in probes}
    for i, (name, _kind, _kwargs) in enumerate(pages):
        for side, probe in probes.items():
            first, second = probe.ask(op="count", page=i), probe.ask(op="count", page=i)
            found[side][name] = {
                "first": first["queries"],
                "second": second["queries"],
                "status": [first["status"], second["status"]],
                "cpu_samples": [],
            }
        sides = list(probes)
        for turn in range(max(1, CPU_REPEAT // 3)):
            for side in sides if turn % 2 == 0 else sides[::-1]:
                times = probes[side].ask(op="time", page=i, n=3)["cpu_ms"]
                found[side][name]["cpu_samples"] += [round(t, 2) for t in times]
        for side in probes:
            row = found[side][name]
            row["cpu_ms"] = round(statistics.median(row["cpu_samples"]), 2)
    return found


def forget_old_cache(env: dict) -> None:
    """The older code has no CACHE_KEY_PREFIX: its pages and sessions go under "ocop:" in this
    checkout's Redis database. Forget them, so that nothing of an earlier run answers."""
    import redis

    client = redis.Redis.from_url(env.get("CACHE_URL") or env["REDIS_URL"])
    keys = list(client.scan_iter("ocop:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def busy_share(seconds: float = 5) -> float:
    """The share of all cores busy over a few seconds (while this script waits): other work."""

    def sample():
        fields = [int(n) for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields), idle

    total0, idle0 = sample()
    time.sleep(seconds)
    total1, idle1 = sample()
    return round(1 - (idle1 - idle0) / max(1, total1 - total0), 2)


def open_page(base: str, *, path: str, user=None, body="") -> dict:
    """Log in, open the page once unhurried, then 4 s of warm-up (as `make bench`)."""
    cookie, token = bench.session(user, base) if user else ("", "")
    if not body:
        headers = {"Cookie": cookie} if cookie else {}
        httpx.get(base + path, headers=headers, timeout=600)
    request = {"path": path, "cookie": cookie, "token": token, "body": body, "base": base}
    bench.ab(4, **request)
    return request


def measure_round(request: dict) -> dict:
    load = load_average()
    return {**bench.ab(bench.SECONDS, **request), "load_1min": load}


def combine(rounds: list[dict]) -> dict:
    """A revision's figures for a page: the median of its rounds (errors and requests summed)."""
    return {
        "requests": sum(r["requests"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        **{
            key: round(statistics.median(r[key] for r in rounds), 1)
            for key in ("rps", "p50_ms", "p95_ms", "p99_ms")
        },
        "rounds": rounds,
    }


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if a and b else None


def compare(rev: str) -> None:
    sha = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    head = git("rev-parse", "HEAD")
    changed = bool(git("status", "--porcelain", "--untracked-files=no"))
    started = datetime.datetime.now(datetime.UTC)
    load_at_start = Path("/proc/loadavg").read_text().split()[:3]
    tag = f"ocop_cmp_{sha[:7]}_s{SCALE:g}".replace(".", "_")
    pristine, before_db, after_db = tag, f"{tag}_before", f"{tag}_after"
    checkout = Path(tempfile.mkdtemp(prefix=f"ocop-{sha[:7]}-"))
    servers: list[subprocess.Popen] = []
    git("worktree", "add", "--detach", str(checkout), sha)
    try:
        (checkout / ".venv").symlink_to(ROOT / ".venv")
        (checkout / "var").mkdir(exist_ok=True)
        build_pristine(checkout, sha, pristine)
        print("copying the data for each revision …", flush=True)
        _copy(pristine, before_db)
        _copy(pristine, after_db)
        env_before, env_after = bench.bench_env(before_db), bench.bench_env(after_db)
        manage(ROOT, env_after, "migrate", "--noinput", "-v", "0")
        _settle(before_db)
        _settle(after_db)
        # The same rows in both: the targets are looked up once.
        pages = bench.page_list(bench.ids(env_after))

        forget_old_cache(env_before)
        probes = {
            "before": Probe(checkout, env_before, pages),
            "after": Probe(
                ROOT, {**env_after, "CACHE_KEY_PREFIX": f"probe-{tag}-{time.time():.0f}"}, pages
            ),
        }
        try:
            found = probe_pages(probes, pages)
        finally:
            for probe in probes.values():
                probe.close()
        forget_old_cache(env_before)
        queries = {side: {"code": probes[side].code, "pages": found[side]} for side in probes}
        skipped, measured = [], []
        for name, kind, kwargs in pages:
            old = queries["before"]["pages"][name]["status"][-1]
            new = queries["after"]["pages"][name]["status"][-1]
            if old == 404:
                skipped.append({"page": name, "why": f"no such address at {sha[:9]}"})
            elif old >= 400 or new >= 400:
                skipped.append({"page": name, "why": f"answers {old} before, {new} after"})
            else:
                measured.append((name, kind, kwargs))

        busy = busy_share()
        print(f"other work before the measurements: {busy:.0%} of the machine's cores", flush=True)
        ports = {"before": free_port(), "after": free_port()}
        servers.append(bench.start_server(env_before, ports["before"], checkout))
        servers.append(bench.start_server(env_after, ports["after"], ROOT))
        for side in ("before", "after"):
            bench.wait_ready(f"http://127.0.0.1:{ports[side]}/ping")
        print(
            f"{bench.CLIENTS} clients, {ROUNDS} × {bench.SECONDS:g} s per page and revision, "
            f"{bench.WORKERS} gunicorn workers each; before = {sha[:9]}, after = {head[:9]}"
            f"{' + uncommitted changes' if changed else ''}",
            flush=True,
        )
        rows = []
        for i, (name, kind, kwargs) in enumerate(measured):
            first, second = ("before", "after") if i % 2 == 0 else ("after", "before")
            requests = {
                side: open_page(f"http://127.0.0.1:{ports[side]}", **kwargs)
                for side in (first, second)
            }
            order = []
            for n in range(ROUNDS):
                order += [first, second] if n % 2 == 0 else [second, first]
            rounds = {"before": [], "after": []}
            for side in order:
                rounds[side].append(measure_round(requests[side]))
            row = {"page": name, "kind": kind, "path": kwargs["path"], "order": order}
            row.update({side: combine(rounds[side]) for side in rounds})
            b, a = row["before"], row["after"]
            cpu_b, cpu_a = (queries[side]["pages"][name]["cpu_ms"] for side in ("before", "after"))
            row["p50_after_over_before"] = _ratio(a["p50_ms"], b["p50_ms"])
            row["p95_after_over_before"] = _ratio(a["p95_ms"], b["p95_ms"])
            row["rps_before_over_after"] = _ratio(b["rps"], a["rps"])
            row["cpu_after_over_before"] = _ratio(cpu_a, cpu_b)
            # Under load one timing alone swings by more than 10 % from round to round: the
            # timings flag a page when its median and its throughput both are worse.
            row["slower"] = []
            timings = (row["p50_after_over_before"], row["rps_before_over_after"])
            if all((ratio or 0) > SLOWER for ratio in timings):
                row["slower"].append("p50 and req/s")
            if (row["cpu_after_over_before"] or 0) > SLOWER:
                row["slower"].append("CPU")
            rows.append(row)
            print(
                f"  {name:<26} before {b['rps']:>7.1f} req/s p50 {b['p50_ms']:>6.0f} ms | "
                f"after {a['rps']:>7.1f} req/s p50 {a['p50_ms']:>6.0f} ms | "
                f"p50 ×{row['p50_after_over_before']}"
                f"{'  slower: ' + ', '.join(row['slower']) if row['slower'] else ''}",
                flush=True,
            )
        memory = {
            side: bench.worker_memory(server.pid)
            for side, server in zip(("before", "after"), servers, strict=True)
        }
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        git("worktree", "remove", "--force", str(checkout))

    loads = [
        measured_round["load_1min"]
        for row in rows
        for side in ("before", "after")
        for measured_round in row[side]["rounds"]
    ]
    summary = {
        "started": started.isoformat(timespec="seconds"),
        "before": {"revision": sha, "code": queries["before"]["code"]},
        "after": {
            "revision": head,
            "uncommitted_changes": changed,
            "code": queries["after"]["code"],
        },
        "data": {"scale": SCALE, "pristine": pristine, "databases": [before_db, after_db]},
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": load_at_start,
            "other_work_busy_share": busy,
            "load_1min_during": [min(loads, default=0), max(loads, default=0)],
        },
        "clients": bench.CLIENTS,
        "seconds_per_page": bench.SECONDS,
        "rounds": ROUNDS,
        "gunicorn_workers": bench.WORKERS,
        "pages": rows,
        "queries": {
            name: {side: queries[side]["pages"][name] for side in ("before", "after")}
            for name, _kind, _kwargs in pages
        },
        "skipped": skipped,
        "worker_rss_mb": memory,
    }
    out = ROOT / "var" / "bench" / "compare.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print_table(summary)
    print(f"results: {out}")


def print_table(summary: dict) -> None:
    machine = summary["machine"]
    print()
    print(
        f"before {summary['before']['revision'][:9]}, after {summary['after']['revision'][:9]}; "
        f"data scale {summary['data']['scale']:g}; {summary['clients']} clients, "
        f"{summary['rounds']} × {summary['seconds_per_page']:g} s per page and revision; "
        f"{machine['cpus']} cores; load average at start "
        f"{' '.join(machine['load_average_at_start'])}, other work "
        f"{machine['other_work_busy_share']:.0%} of the cores before measuring, 1-min load "
        f"{machine['load_1min_during'][0]}–{machine['load_1min_during'][1]} during"
    )
    print()
    print(
        "| page | SQL queries before → after | CPU ms before → after "
        "| before: req/s | p50 ms | p95 ms | after: req/s | p50 ms | p95 ms "
        "| p50 after ÷ before | req/s before ÷ after | CPU after ÷ before | > 10 % slower |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for row in summary["pages"]:
        b, a = row["before"], row["after"]
        q = summary["queries"][row["page"]]
        print(
            f"| {row['page']} | {q['before']['second']} → {q['after']['second']} "
            f"| {q['before']['cpu_ms']:.1f} → {q['after']['cpu_ms']:.1f} "
            f"| {b['rps']:.0f} | {b['p50_ms']:.0f} | {b['p95_ms']:.0f} "
            f"| {a['rps']:.0f} | {a['p50_ms']:.0f} | {a['p95_ms']:.0f} "
            f"| {row['p50_after_over_before'] or '–'} | {row['rps_before_over_after'] or '–'} "
            f"| {row['cpu_after_over_before'] or '–'} "
            f"| {'**' + ', '.join(row['slower']) + '**' if row['slower'] else 'no'} |"
        )
    print()
    print(
        "SQL queries of a second request as the same user (first request, empty cache, in "
        "brackets); CPU: median thread time of a request in the test client"
    )
    for name, q in summary["queries"].items():
        print(
            f"  {name:<26} before {q['before']['second']} ({q['before']['first']}), "
            f"after {q['after']['second']} ({q['after']['first']}); CPU "
            f"{q['before']['cpu_ms']} → {q['after']['cpu_ms']} ms"
        )
    for skip in summary["skipped"]:
        print(f"not compared: {skip['page']} ({skip['why']})")
    errors = [
        (row["page"], side)
        for row in summary["pages"]
        for side in ("before", "after")
        if row[side]["errors"]
    ]
    for page, side in errors:
        print(f"errors: {page} ({side})")
