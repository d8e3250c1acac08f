from django.apps import AppConfig


class WiresConfig(AppConfig):
    name = "newsdesk.wires"
    label = "wires"
    verbose_name = "Wire desk"
