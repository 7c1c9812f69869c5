"""`make backup` / `make restore` on the production deployment: the backup restores into a new
database and new folders with every row count and file checksum equal, and a damaged backup or
a non-empty target is refused before anything is written."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from ocop_portal.backup import table_counts

KEY_TABLES = [
    "accounts_user",
    "accounts_administrativeunit",
    "subjects_subject",
    "products_product",
    "products_productphoto",
    "evaluation_certificate",
    "evaluation_dossier",
]


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def database_url(stack, name: str) -> str:
    return f"postgres://postgres@127.0.0.1:{stack.pg_port}/{name}"


def test_a_backup_restores_into_a_fresh_database_and_storage(deployment, tmp_path):
    stack = deployment.stack
    made = deployment.manage(
        "shell",
        "-c",
        "import io; from PIL import Image; from django.core.files.base import ContentFile;"
        "from products.models import Product, ProductPhoto;"
        "from ocop_portal.storage import private_storage;"
        "buffer = io.BytesIO(); Image.new('RGB', (4, 4), 'blue').save(buffer, 'PNG');"
        "photo = ProductPhoto(product=Product.objects.order_by('pk').first(), extension='png');"
        "photo.image.save('p.png', ContentFile(buffer.getvalue()));"
        "private_storage().save('evidence/backup-test/x.pdf', ContentFile(b'%PDF-1.4 test'))",
    )
    assert made.returncode == 0, made.stderr[-2000:]
    media, private = stack.root / "media", stack.root / "private"
    assert checksums(media) and checksums(private)

    backups = tmp_path / "backups"
    made = deployment.manage("backup", "--output", str(backups))
    assert made.returncode == 0, made.stderr[-2000:]
    (folder,) = backups.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["products_product"] > 0
    assert manifest["schema"]  # the migration state it was taken at

    restored = tmp_path / "restored"
    env = {
        "DATABASE_URL": database_url(stack, "ocop_restored"),
        "MEDIA_ROOT": str(restored / "media"),
        "PRIVATE_FILES_ROOT": str(restored / "private"),
    }
    done = deployment.manage("restore", str(folder), extra=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "every count and checksum matches" in done.stdout

    # Compared here independently of the command's own check: the restored database against
    # the manifest for every table, and against the live one for the portal's key records
    # (the live deployment keeps running, so sessions and throttling rows may move on).
    restored_counts = table_counts(env["DATABASE_URL"])
    assert restored_counts == manifest["tables"]
    live = table_counts(stack.database_url)
    assert {t: restored_counts[t] for t in KEY_TABLES} == {t: live[t] for t in KEY_TABLES}
    # files: byte for byte what the deployment has (the photo and the evidence included)
    assert checksums(restored / "media") == manifest["files"]["media"] == checksums(media)
    assert checksums(restored / "private") == manifest["files"]["private"]
    assert manifest["files"]["private"].items() <= checksums(private).items()

    # the restored database is a working portal at the same schema
    up_to_date = deployment.manage("migrate", "--check", extra=env)
    assert up_to_date.returncode == 0, up_to_date.stdout[-2000:]
    answer = deployment.manage(
        "shell",
        "-c",
        "from products.models import ProductPhoto; p = ProductPhoto.objects.latest('pk');"
        "print(p.image.storage.exists(p.image.name))",
        extra=env,
    )
    assert answer.stdout.strip().endswith("True"), answer.stderr[-2000:]


def test_a_damaged_backup_or_a_used_target_is_refused_before_anything_is_written(
    deployment, tmp_path
):
    stack = deployment.stack
    backups = tmp_path / "backups"
    assert deployment.manage("backup", "--output", str(backups)).returncode == 0
    (folder,) = backups.iterdir()

    # into the live database: refused, nothing touched
    used = deployment.manage(
        "restore",
        str(folder),
        extra={"MEDIA_ROOT": str(tmp_path / "m"), "PRIVATE_FILES_ROOT": str(tmp_path / "p")},
    )
    assert used.returncode != 0
    assert "already has tables" in used.stderr

    # one byte changed in the dump: refused before any database is created
    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    dump = damaged / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    env = {
        "DATABASE_URL": database_url(stack, "ocop_never_created"),
        "MEDIA_ROOT": str(tmp_path / "m"),
        "PRIVATE_FILES_ROOT": str(tmp_path / "p"),
    }
    refused = deployment.manage("restore", str(damaged), extra=env)
    assert refused.returncode != 0
    assert "database.dump does not match its checksum" in refused.stderr
    names = stack.sql("SELECT datname FROM pg_database WHERE datname = 'ocop_never_created'")
    assert names == []
    assert not (tmp_path / "m").exists()
