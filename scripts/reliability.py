"""The README's reliability table, derived from the test suite rather than written by hand.

Each category is a set of the project's own tests (paths and a pytest -k expression). The
attempts are the test cases pytest collects for it (one case is one attack, fault or check: a
URL requested as a role, a crafted value, a stopped service, a restore); "held" are those that
passed in a run, read from a JUnit XML file.

    .venv/bin/python scripts/reliability.py                      # attempts only (collection)
    .venv/bin/python scripts/reliability.py --results FILE.xml   # and held, from that run
    .venv/bin/python scripts/reliability.py --run                # run the categories, then both
    .venv/bin/python scripts/reliability.py --results A.xml --run
        # run only the cases A.xml has no pass for (tests added since), then both

`make test` writes var/test-results.xml, so after it `--results var/test-results.xml` gives the
table of that run without running anything again.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CONCURRENCY = "concurren or stale or double or idempot or parallel or race or simultaneous"


@dataclass(frozen=True)
class Category:
    name: str
    paths: tuple[str, ...]
    keyword: str = ""


CATEGORIES = [
    # The permission matrix requests every URL as a district and a commune outside the records'
    # area (their answer must be 404/403), plus the tests of leaks found by hand.
    Category(
        "cross-scope (another unit's records, by id and by code)",
        (
            "tests/test_permission_matrix.py",
            "tests/hardening/test_scope_leaks.py",
            "tests/accounts/test_scope.py",
        ),
        "district_b or commune_b or scope_leaks or test_scope",
    ),
    Category(
        "anonymous (every URL, not logged in)", ("tests/test_permission_matrix.py",), "anonymous"
    ),
    Category(
        "input abuse (crafted input, fuzzing, uploads, exports, XSS, CSRF, body limits, logins)",
        (
            "tests/hardening",
            "tests/security",
            "tests/ocop_portal/test_request_limits.py",
            "tests/ocop_portal/test_client_address.py",
        ),
        "not scope_leaks",
    ),
    Category("concurrency (stale saves, double submits, races)", ("tests",), CONCURRENCY),
    Category("faults (PostgreSQL, Redis, worker, gunicorn)", ("tests/faults",)),
    Category(
        "production mode (TLS proxy, gunicorn, worker)",
        ("tests/deployment/test_production_mode.py",),
    ),
    Category("backup and restore", ("tests/deployment/test_backup_restore.py",)),
]


def _pytest(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OCOP_ENV": "test"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def collect(category: Category) -> list[str]:
    args = ["--collect-only", "-q", *category.paths]
    if category.keyword:
        args += ["-k", category.keyword]
    result = _pytest(*args)
    if result.returncode not in (0, 5):  # 5: nothing collected
        raise SystemExit(f"collection failed for {category.name}:\n{result.stdout[-3000:]}")
    return [line for line in result.stdout.splitlines() if "::" in line]


def passed_in(results: Path) -> set[str]:
    """Node ids of the test cases that passed in a JUnit XML report."""
    passed = set()
    for case in ET.parse(results).getroot().iter("testcase"):
        if any(child.tag in ("failure", "error", "skipped") for child in case):
            continue
        module = case.get("classname", "").replace(".", "/")
        # pytest writes classname "tests.test_x" or "tests.test_x.TestClass"
        path, _, klass = module.partition("/Test")
        node = f"{path}.py::" + (f"Test{klass}::" if klass else "") + case.get("name", "")
        passed.add(node)
    return passed


def table(rows: list[tuple[str, int, int | None]]) -> str:
    lines = ["| category | attempts | held |", "|---|---:|---:|"]
    for name, attempts, held in rows:
        lines.append(f"| {name} | {attempts} | {'–' if held is None else held} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--results",
        type=Path,
        action="append",
        default=[],
        help="JUnit XML of a run (pytest --junitxml); may be given more than once",
    )
    parser.add_argument(
        "--run",
        action="store_true",
        help="run the categories' cases that the given results have no pass for",
    )
    options = parser.parse_args()

    collected = {category.name: collect(category) for category in CATEGORIES}
    results = list(options.results)
    if options.run:
        already = set().union(*(passed_in(path) for path in results))
        wanted = sorted({node for nodes in collected.values() for node in nodes} - already)
        stamp = len(list((ROOT / "var").glob("reliability-results-*.xml")))
        out = ROOT / "var" / f"reliability-results-{stamp}.xml"
        out.parent.mkdir(exist_ok=True)
        if wanted:
            run = _pytest(f"--junitxml={out}", "-q", *wanted)
            print(run.stdout[-2000:])
            print(f"results of this run: {out.relative_to(ROOT)}")
            results.append(out)
    passed = set().union(*(passed_in(path) for path in results)) if results else None

    rows, failures = [], 0
    for category in CATEGORIES:
        nodes = collected[category.name]
        held = None if passed is None else sum(node in passed for node in nodes)
        if held is not None:
            failures += len(nodes) - held
        rows.append((category.name, len(nodes), held))
    print(table(rows))
    if passed is not None:
        print(f"\n{failures} attempts did not hold")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
