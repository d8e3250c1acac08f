from django.apps import AppConfig


class ReaderConfig(AppConfig):
    name = "newsdesk.reader"
    label = "reader"
    verbose_name = "Reader pages"

    def ready(self):
        from . import signal_handlers

        signal_handlers.register()
