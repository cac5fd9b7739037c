"""gunicorn's settings for Welcome Ambassador: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value can be overridden on the command line or with GUNICORN_* variables below. Logs go
through the project's logging settings (JSON lines with request ids); gunicorn's access log
stays off because it would write paths and query strings (which may carry a searched name):
the project logs every request itself with its route pattern (config/logging.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.logging import logging_settings

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each. See docs/operations.md ("Sizing") for the
# throughput of one worker; on a 2-core VM 4 workers are a good start.
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Each worker builds the pool snapshots as it starts (post_worker_init, about 6 s at 100,000
# volunteers); everything else answers in well under a second.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: a slow leak can never grow without bound. Not often: a new
# worker builds every programme's pool snapshot first (about 6 s of CPU at 100,000
# volunteers), and at 2,000 requests a busy morning recycled each worker every few minutes.
max_requests = 20000
max_requests_jitter = 2000
# The TLS proxy on this host (nginx) sets X-Forwarded-Proto; trust it from loopback only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = None
# gunicorn 27's control socket (gunicornc) is not used here; it would live in the home dir.
control_socket_disable = True
errorlog = "-"
logconfig_dict = logging_settings(
    level=os.environ.get("LOG_LEVEL", "INFO"), log_format=os.environ.get("LOG_FORMAT", "json")
)
# gunicorn's own lines (start, workers booting, timeouts) through the same JSON handler.
logconfig_dict["loggers"]["gunicorn.error"] = {
    "handlers": ["console"],
    "level": "INFO",
    "propagate": False,
}


def on_starting(server: Any) -> None:
    """Start with an empty metrics directory: files of processes of a previous run would
    otherwise be added to this run's counters."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    """A worker that exits stops counting in the live gauges of the metrics directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker: Any) -> None:
    """Build the matching pool snapshots before the first request, so no coordinator's first
    candidates call waits for them; off with GUNICORN_WARM_SNAPSHOTS=0. A database that is
    not reachable yet only defers the build to that first call."""
    if os.environ.get("GUNICORN_WARM_SNAPSHOTS", "1") == "0":
        return
    import logging

    from matching.snapshot import snapshots_warm

    try:
        built = snapshots_warm()
    except Exception:
        logging.getLogger("gunicorn.error").warning(
            "pool snapshots not built at start", exc_info=True
        )
        return
    logging.getLogger("gunicorn.error").info("pool snapshots built for %s programmes", built)
