"""The Celery app: Redis as the broker in production, JSON messages only.

Workers and beat run as their own processes (`celery -A config worker`, `celery -A config
beat`); schedules live in settings (CELERY_BEAT_SCHEDULE) so a reviewer sees them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("welcome_ambassador")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
