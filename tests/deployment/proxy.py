"""The deployment's reverse proxy (deploy/nginx/ocop.conf.template) run on this machine.

The template is the file docker-compose.yml gives the nginx image; here its ${OCOP_...} values
are filled in the same way (only those names: nginx's own $variables stay) and nginx runs in
the foreground on free loopback ports, in front of the test's gunicorn.
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "ocop.conf.template"
SERVER_NAME = "ocop.test"


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "2", "-subj", f"/CN={SERVER_NAME}"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Proxy:
    root: Path
    http_port: int
    https_port: int
    upstream: str
    media_root: Path
    body_max_mb: int

    def render(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        cert, key = self_signed_certificate(self.root)
        site = string.Template(TEMPLATE.read_text()).safe_substitute(
            OCOP_UPSTREAM=self.upstream,
            OCOP_SERVER_NAME=SERVER_NAME,
            OCOP_HTTP_PORT=f"127.0.0.1:{self.http_port}",
            OCOP_HTTPS_PORT=f"127.0.0.1:{self.https_port}",
            OCOP_TLS_CERT=str(cert),
            OCOP_TLS_KEY=str(key),
            OCOP_MEDIA_ROOT=str(self.media_root),
            OCOP_BODY_MAX_MB=str(self.body_max_mb),
        )
        left = re.findall(r"\$\{OCOP_[A-Z_]+\}", site)
        assert not left, f"values of the template not filled in: {left}"
        (self.root / "ocop.conf").write_text(site)
        temp = self.root / "temp"
        temp.mkdir(exist_ok=True)
        temp.chmod(0o777)  # nginx's workers drop to an unprivileged user when started as root
        main = f"""
worker_processes 1;
daemon off;
pid {self.root}/nginx.pid;
error_log {self.root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {self.root}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.root}/ocop.conf;
}}
"""
        path = self.root / "nginx.conf"
        path.write_text(main)
        return path

    def command(self) -> list[str]:
        config = self.render()
        test = subprocess.run(
            [nginx_binary(), "-t", "-c", str(config), "-e", str(self.root / "error.log")],
            capture_output=True,
            text=True,
        )
        assert test.returncode == 0, test.stderr
        return [nginx_binary(), "-c", str(config), "-e", str(self.root / "error.log")]
