from django.apps import AppConfig


class NewcomersConfig(AppConfig):
    name = "newcomers"
