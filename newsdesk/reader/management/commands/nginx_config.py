from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsdesk.reader.pagefiles import nginx_site_config

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "newsdesk.conf"


class Command(BaseCommand):
    help = (
        "Print the nginx site config for this deployment (deploy/nginx/newsdesk.conf filled in): "
        "include it in nginx's http block, and run this again after every deploy, since pages "
        "sent from files carry the headers it finds now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app", default="127.0.0.1:8000", help="host:port of the app server")
        parser.add_argument("--listen", default="80", help="what nginx listens on, as its listen directive takes it")
        parser.add_argument(
            "--scheme",
            choices=("https", "http"),
            default="https",
            help="how readers reach nginx (https: TLS ends in nginx, which forwards its $scheme to the app)",
        )

    def handle(self, *args, app, listen, scheme, **options):
        try:
            config = nginx_site_config(
                app=app, listen=listen, scheme=scheme, template=TEMPLATE, var_dir=Path(settings.VAR_DIR)
            )
        except (RuntimeError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(config, ending="")
