from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's rights over their data: export, erasure, the audit history, retention."""

    name = "privacy"
