"""The project's own entry points: CI runs the README's command; Compose accepts its file."""

import gettext
import json
import re
import subprocess
from pathlib import Path

import compose

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^\s*(make \w+)\s*$", readme, flags=re.MULTILINE)
    assert commands[:2] == ["make run", "make test"]
    ci_commands = [line.strip() for line in ci.splitlines() if line.strip().startswith("make ")]
    # CI also rebuilds the user guide from its journeys, after the suite.
    assert ci_commands[0] == "make test" and set(ci_commands[1:]) <= {"make guide"}


def test_docker_compose_file_is_valid_for_the_real_compose_binary():
    # The PyPI wrapper script always exits 0, so call the binary it ships.
    binary = Path(compose.__file__).with_name("docker-compose")
    result = subprocess.run(
        [str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        env={"DJANGO_SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "secret", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", "--services"],
        env={"DJANGO_SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "secret", "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)


def test_the_national_topology_is_valid_for_the_real_compose_binary():
    binary = Path(compose.__file__).with_name("docker-compose")
    files = [
        "-f",
        str(ROOT / "docker-compose.yml"),
        "-f",
        str(ROOT / "docker-compose.national.yml"),
    ]
    env = {
        "DJANGO_SECRET_KEY": "x" * 50,
        "POSTGRES_PASSWORD": "secret",
        "OBJECT_STORAGE_SECRET_KEY": "objects-secret",
        "PATH": "/usr/bin",
    }
    merged = subprocess.run(
        [str(binary), *files, "config", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert merged.returncode == 0, merged.stderr
    services = json.loads(merged.stdout)["services"]
    assert {"postgres-replica", "pgbouncer", "object-storage", "worker-reports"} <= set(services)
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    web_env = services["web"]["environment"]
    assert "pgbouncer:6432" in web_env["DATABASE_URL"] and web_env["DATABASE_PGBOUNCER"] == "1"
    assert "postgres-replica" in web_env["DATABASE_REPLICA_URL"]
    assert web_env["OBJECT_STORAGE_ENDPOINT"] == "http://object-storage:9000"
    assert services["worker-reports"]["command"][-1] == "reports"


def test_docker_compose_refuses_to_start_without_secrets():
    binary = Path(compose.__file__).with_name("docker-compose")
    result = subprocess.run(
        [str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", "--quiet"],
        env={"PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr or "POSTGRES_PASSWORD" in result.stderr


def test_the_vietnamese_catalogue_is_complete():
    po = (ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    blocks = [b for b in po.split("\n\n")[1:] if "msgid" in b and not b.startswith("#~")]
    assert blocks
    untranslated = [b for b in blocks if re.search(r'msgstr(\[0\])? ""\s*$', b)]
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    assert not untranslated and not fuzzy
    # The compiled catalogue holds every entry of the .po (it is committed, so that a machine
    # without gettext still serves Vietnamese).
    with (ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    singular_ids = {key if isinstance(key, str) else key[0] for key in catalog}
    assert len(singular_ids - {""}) == len(blocks)


def test_the_dependency_audit_fails_on_a_vulnerability_and_never_hides_a_skipped_package():
    from scripts.audit import verdict

    clean = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}]}
    assert verdict(clean, strict=True)[0] == 0
    vulnerable = {
        "dependencies": [
            {
                "name": "django",
                "version": "5.2.0",
                "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
            }
        ]
    }
    code, lines = verdict(vulnerable, strict=False)
    assert code == 1
    assert "[audit]   VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in lines
    unreachable = {"dependencies": [{"name": "celery", "version": "5.7.0", "skip_reason": "x"}]}
    code, lines = verdict(unreachable, strict=False)
    assert code == 0 and "could not be looked up" in lines[-1] and "celery 5.7.0" in lines[-1]
    assert verdict(unreachable, strict=True)[0] == 1


def test_every_vendored_source_map_reference_points_at_a_vendored_file():
    # Production's manifest storage follows sourceMappingURL comments; a missing target makes
    # collectstatic stop (and with it the image build), so a vendored asset ships with its map.
    missing = []
    for asset in (ROOT / "static").rglob("*"):
        if asset.suffix not in {".js", ".css"}:
            continue
        text = asset.read_text(encoding="utf-8", errors="replace")
        for name in re.findall(r"[#@] sourceMappingURL=([^\s*]+)", text):
            if not (asset.parent / name).is_file():
                missing.append(f"{asset.relative_to(ROOT)} -> {name}")
    assert missing == []


def _compose_config() -> dict:
    binary = Path(compose.__file__).with_name("docker-compose")
    return json.loads(
        subprocess.run(
            [str(binary), "-f", str(ROOT / "docker-compose.yml"), "config", "--format", "json"],
            env={"DJANGO_SECRET_KEY": "x" * 50, "POSTGRES_PASSWORD": "secret", "PATH": "/usr/bin"},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    )


def test_compose_puts_the_portal_behind_the_proxy_with_shared_private_files():
    import ipaddress

    config = _compose_config()
    services = config["services"]
    proxy, web, worker = services["proxy"], services["web"], services["worker"]

    # only the proxy is published; gunicorn is reached through it
    assert {p["target"] for p in proxy["ports"]} == {80, 443}
    assert not web.get("ports")

    def mounts(service):
        return {m["target"]: (m["source"], m.get("read_only", False)) for m in service["volumes"]}

    # web and worker share the private files (a report the worker builds, web hands out) and
    # the media; the proxy reads media only, and never sees the private volume
    for service in (web, worker):
        env = service["environment"]
        assert mounts(service)[env["PRIVATE_FILES_ROOT"]] == ("private", False)
        assert mounts(service)[env["MEDIA_ROOT"]] == ("media", False)
    assert mounts(proxy)[proxy["environment"]["OCOP_MEDIA_ROOT"]] == ("media", True)
    assert "private" not in {source for source, _ in mounts(proxy).values()}

    # the proxy's template is in the repository, its body cap is the portal's
    template = next(m for m in proxy["volumes"] if m["target"].startswith("/etc/nginx/templates"))
    assert Path(template["source"]).is_file()
    assert proxy["environment"]["OCOP_BODY_MAX_MB"] == web["environment"]["REQUEST_BODY_MAX_MB"]

    # the portal believes X-Forwarded-For only from the deployment's own network
    subnet = config["networks"]["backend"]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_network(web["environment"]["TRUSTED_PROXIES"]) == ipaddress.ip_network(
        subnet
    )

    # the image creates the mount points as the container user, so new volumes are writable
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(
        r"mkdir -p /data/media /data/private[^\n]*\n\s*&& chown -R ocop /data", dockerfile
    )
    assert "USER ocop" in dockerfile


def test_the_reliability_table_counts_only_passed_cases(tmp_path):
    from scripts.reliability import passed_in, table

    report = tmp_path / "junit.xml"
    report.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase classname="tests.test_permission_matrix" name="test_permission_matrix[a-x]"/>'
        '<testcase classname="tests.test_permission_matrix" name="test_permission_matrix[b-x]">'
        "<failure>assert 200 == 404</failure></testcase>"
        '<testcase classname="tests.faults.test_x.TestStops" name="test_redis"/>'
        '<testcase classname="tests.faults.test_y" name="test_skip"><skipped/></testcase>'
        "</testsuite></testsuites>"
    )
    assert passed_in(report) == {
        "tests/test_permission_matrix.py::test_permission_matrix[a-x]",
        "tests/faults/test_x.py::TestStops::test_redis",
    }
    assert table([("faults", 2, 1)]).splitlines()[-1] == "| faults | 2 | 1 |"
