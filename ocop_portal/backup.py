"""Backups that are known to restore: the database, the media and the private files, with
checksums, and a restore that proves it reproduced them.

A backup is one folder:

    ocop-20260130T013000Z/
        database.dump     pg_dump, custom format (compressed, restorable table by table)
        media.tar         MEDIA_ROOT (product photos)
        private.tar       PRIVATE_FILES_ROOT (evidence, imports, reports)
        manifest.json     when, from which schema version; the SHA-256 of the three files
                          above; the row count of every table; the SHA-256 of every file

The database is dumped first, in one snapshot (the row counts of the manifest are read in the
same snapshot); the files are read after it. Files are only
ever added under new random names, never changed in place, so every file the dump refers to is
in the archives (a file added meanwhile is an extra, which the restore reports and keeps).

The restore checks the archives against the manifest before it touches anything, restores
into an empty database and empty folders (never over live data), and then compares the row
count of every table and the checksum of every file with the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

FORMAT = 1
ARCHIVES = {"media": "media.tar", "private": "private.tar"}


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why, in plain words."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_checksums(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every regular file under root."""
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _count_rows(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        counts[name] = cursor.fetchone()[0]
    return counts


def table_counts(database_url: str) -> dict[str, int]:
    """Row count of every table of the public schema (the portal's, Django's, axes'…)."""
    conn = psycopg2.connect(database_url, connect_timeout=10)
    try:
        with conn, conn.cursor() as cursor:
            return _count_rows(cursor)
    finally:
        conn.close()


def _libpq_url(url: str) -> str:
    # dj-database-url accepts postgis:// and friends; libpq only postgres(ql)://
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is missing: install the PostgreSQL client (apt-get install postgresql-client)"
        )
    return found


# --- making a backup ---------------------------------------------------------------------------


def create(*, database_url: str, media_root: Path, private_root: Path, destination: Path) -> Path:
    """Write a new backup folder under destination; its path."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = destination / f"ocop-{stamp}"
    partial = destination / f".ocop-{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        # The counts and the dump see the same snapshot: a transaction exports it and
        # pg_dump is told to use it, so the manifest describes exactly what was dumped while
        # the portal keeps writing.
        dump = partial / "database.dump"
        conn = psycopg2.connect(database_url, connect_timeout=10)
        try:
            conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                _run(
                    [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
                    + ["--snapshot", snapshot, "--file", str(dump)]
                    + ["--dbname", _libpq_url(database_url)],
                    "pg_dump",
                )
                counts = _count_rows(cursor)
                schema = ""
                if "django_migrations" in counts:
                    cursor.execute(
                        "SELECT app || '.' || name FROM django_migrations ORDER BY id DESC LIMIT 1"
                    )
                    schema = cursor.fetchone()[0]
            conn.rollback()
        finally:
            conn.close()
        files = {}
        for key, root in (("media", media_root), ("private", private_root)):
            files[key] = _archive(Path(root), partial / ARCHIVES[key])
        manifest = {
            "format": FORMAT,
            "created_at": stamp,
            "schema": schema,
            "archives": {
                name: sha256_of(partial / name) for name in ("database.dump", *ARCHIVES.values())
            },
            "tables": counts,
            "files": files,
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial.rename(folder)  # a folder without ".partial" is always complete
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def _archive(root: Path, target: Path) -> dict[str, str]:
    checksums = file_checksums(root)
    with tarfile.open(target, "w") as tar:
        for relative in checksums:
            tar.add(root / relative, arcname=relative, recursive=False)
    return checksums


# --- restoring -------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def load_manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    if not path.is_file():
        raise BackupError(f"{folder} is not a complete backup (no manifest.json)")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def verify(folder: Path) -> dict:
    """The manifest, once every archive matches its checksum; BackupError otherwise."""
    manifest = load_manifest(folder)
    for name, expected in manifest["archives"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup")
        if sha256_of(path) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    return manifest


def ensure_database(database_url: str) -> None:
    """Create the target database when it does not exist yet (restoring to a new server)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=10)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def _database_is_empty(database_url: str) -> bool:
    conn = psycopg2.connect(database_url, connect_timeout=10)
    try:
        with conn, conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cursor.fetchone()[0] == 0
    finally:
        conn.close()


def _folder_is_empty(path: Path) -> bool:
    return not path.exists() or not any(path.iterdir())


def restore(
    folder: Path, *, database_url: str, media_root: Path, private_root: Path
) -> RestoreReport:
    manifest = verify(folder)
    media_root, private_root = Path(media_root), Path(private_root)
    ensure_database(database_url)
    if not _database_is_empty(database_url):
        raise BackupError(
            "the target database already has tables: restore into a new, empty database "
            "(createdb), then point DATABASE_URL at it"
        )
    for root in (media_root, private_root):
        if not _folder_is_empty(root):
            raise BackupError(f"{root} is not empty: restore into new, empty folders")

    _run(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        + ["--single-transaction", "--dbname", _libpq_url(database_url)]
        + [str(folder / "database.dump")],
        "pg_restore",
    )
    for key, root in (("media", media_root), ("private", private_root)):
        root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / ARCHIVES[key]) as tar:
            tar.extractall(root, filter="data")  # no absolute paths, links or devices

    report = RestoreReport()
    counts = table_counts(database_url)
    report.tables, report.rows = len(counts), sum(counts.values())
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            report.differences.append(f"table {table}: {counts.get(table)} rows, {expected} saved")
    for key, root in (("media", media_root), ("private", private_root)):
        restored = file_checksums(root)
        report.files += len(restored)
        for relative, expected in manifest["files"][key].items():
            if restored.get(relative) != expected:
                report.differences.append(f"{key}/{relative}: missing or changed")
    return report


def summary(manifest: dict) -> str:
    out = io.StringIO()
    rows = sum(manifest["tables"].values())
    files = sum(len(v) for v in manifest["files"].values())
    out.write(
        f"{len(manifest['tables'])} tables, {rows} rows; {files} files "
        f"(media {len(manifest['files']['media'])}, private {len(manifest['files']['private'])})"
    )
    return out.getvalue()


def prune(destination: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` complete backups under destination."""
    backups = sorted(p for p in destination.glob("ocop-*") if (p / "manifest.json").is_file())
    removed = backups[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path)
    return removed
