"""Test settings: only speed-ups and isolation, nothing that changes behaviour."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in the calling thread; the worker tests switch to the real broker.
CELERY_TASK_ALWAYS_EAGER = True
