"""nginx in front of the smoke test's gunicorn, with the site file a city installs.

`deploy/nginx/welcome-ambassador.conf` is used as shipped, with only what a machine without
root and without the city's certificate needs changed: loopback ports instead of 80/443 (no
IPv6 listeners), a self-signed certificate, logs and temporary files in the smoke test's
directory, and the upstream pointed at the smoke test's gunicorn. Everything else (the HTTP to
HTTPS redirect, the upload limit, the headers passed to Django, the static files' caching,
the /metrics allow-list) is what a deployment gets.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SITE_FILE = PROJECT / "deploy" / "nginx" / "welcome-ambassador.conf"

MAIN_FILE = """\
user {user};
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log;
worker_processes 1;
daemon off;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    fastcgi_temp_path {workdir}/nginx-fastcgi;
    uwsgi_temp_path {workdir}/nginx-uwsgi;
    scgi_temp_path {workdir}/nginx-scgi;
    include {workdir}/site.conf;
}}
"""


def nginx_path() -> str | None:
    # Debian installs it in /usr/sbin, which is not on every user's PATH.
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


@dataclass(frozen=True)
class NginxFront:
    workdir: Path
    http_port: int
    https_port: int
    upstream_port: int

    @property
    def certificate(self) -> Path:
        return self.workdir / "nginx-cert.pem"

    def site(self) -> str:
        """The shipped site file, adapted as the module docstring says."""
        text = SITE_FILE.read_text()
        text = re.sub(r"^\s*listen \[::\]:.*\n", "", text, flags=re.MULTILINE)
        text = text.replace("listen 80;", f"listen 127.0.0.1:{self.http_port};")
        text = text.replace("listen 443 ssl", f"listen 127.0.0.1:{self.https_port} ssl")
        text = re.sub(r"server 127\.0\.0\.1:8000\b", f"server 127.0.0.1:{self.upstream_port}", text)
        text = text.replace("/etc/ssl/welcome-ambassador/fullchain.pem", str(self.certificate))
        text = text.replace(
            "/etc/ssl/welcome-ambassador/privkey.pem", str(self.workdir / "nginx-key.pem")
        )
        return text.replace("/var/log/nginx/", f"{self.workdir}/")

    def prepare(self) -> list[str]:
        """Write the files; returns the command that runs nginx in the foreground."""
        nginx = nginx_path()
        if nginx is None:
            raise FileNotFoundError("nginx is not installed (Debian: apt-get install nginx)")
        openssl = shutil.which("openssl") or "/usr/bin/openssl"
        make_certificate = [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost",
            "-keyout", str(self.workdir / "nginx-key.pem"), "-out", str(self.certificate),
        ]  # fmt: skip
        subprocess.run(make_certificate, check=True, capture_output=True)  # noqa: S603
        (self.workdir / "site.conf").write_text(self.site())
        main = self.workdir / "nginx.conf"
        # Workers run as this user (root here: ignored, with a notice, for anyone else), so
        # they can write their temporary files in the smoke test's private directory.
        user = pwd.getpwuid(os.geteuid()).pw_name
        main.write_text(MAIN_FILE.format(workdir=self.workdir, user=user))
        checked = subprocess.run(  # noqa: S603 - fixed arguments
            [nginx, "-t", "-c", str(main)], capture_output=True, text=True
        )
        if checked.returncode != 0:
            raise ValueError(f"nginx refuses the shipped site file: {checked.stderr.strip()}")
        return [nginx, "-c", str(main)]
