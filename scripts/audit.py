"""Dependency audit: every installed Python package checked against the PyPI advisory
database (the same data as OSV) with pip-audit. Part of `make test`, also `make audit`.

Fails on any known vulnerability. A package the audit could not look up (the advisory service
is out of reach, as on a closed network) is listed and counted, never reported as "no known
vulnerabilities"; AUDIT_STRICT=1 makes that a failure too, for a CI that has Internet access.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pip-audit"), "--local", "--skip-editable"]
        + ["--format", "json", "--progress-spinner", "off", "--timeout", "10"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        print("[audit] ERROR: pip-audit gave no report", file=sys.stderr)
        return 1
    code, lines = verdict(report, strict=os.environ.get("AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


def verdict(report: dict, *, strict: bool) -> tuple[int, list[str]]:
    """The exit code and the lines to print for pip-audit's JSON report."""
    audited, skipped, vulnerable = [], [], []
    for dependency in report["dependencies"]:
        label = f"{dependency['name']} {dependency.get('version', '')}".strip()
        if "skip_reason" in dependency:
            skipped.append(label)
            continue
        audited.append(label)
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fix yet"
            vulnerable.append(f"{label}: {vulnerability['id']} (fixed in {fixed})")
    lines = [f"[audit] {len(audited)} packages audited, {len(vulnerable)} known vulnerabilities"]
    lines += [f"[audit]   VULNERABLE {line}" for line in vulnerable]
    if skipped:
        lines.append(
            f"[audit] WARNING: {len(skipped)} packages could not be looked up (the advisory "
            "database did not answer from this network): "
            + ", ".join(skipped[:8])
            + (" …" if len(skipped) > 8 else "")
        )
    if vulnerable:
        return 1, lines
    if skipped and strict:
        lines.append("[audit] ERROR: AUDIT_STRICT=1 and some packages were not audited")
        return 1, lines
    return 0, lines


if __name__ == "__main__":
    sys.exit(main())
