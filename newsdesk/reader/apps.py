from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "newsdesk.reader"
    label = "reader"
    verbose_name = "Reader pages"
