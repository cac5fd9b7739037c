"""Test settings: only speed-ups and isolation, nothing that changes behaviour."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Production's sessions (cached, written through to the database): a test process shares its
# in-memory cache with itself, which is all the engine needs.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Unit tests run tasks in the calling thread; the worker tests switch to the real broker.
CELERY_TASK_ALWAYS_EAGER = True

# SQLite's default test database lives in memory with a shared cache, where a connection that
# meets another's lock fails at once ("database table is locked") instead of waiting: the live
# server and the worker threads have connections of their own, so tests use a file that waits
# like the real thing (one per pytest-xdist worker: pytest-django adds the worker's suffix).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
    )
