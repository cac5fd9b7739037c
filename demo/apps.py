from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data: the top floor, calling every app's services."""

    name = "demo"
