from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from newsdesk.live.models import BreakingAlert
from newsdesk.live.services import alert_withdraw

from .alert_publish import errors_text, user_get


class Command(BaseCommand):
    help = "Withdraw a breaking alert from the banner of every page, including pages readers have open."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("alert", nargs="?", type=int, help="The alert's id.")
        which.add_argument("--current", action="store_true", help="Withdraw the alert shown now.")
        parser.add_argument("--user", required=True, help="The editor withdrawing it (a username).")

    def handle(self, *args, alert, current, user, **options):
        editor = user_get(user)
        alerts = BreakingAlert.objects.current() if current else BreakingAlert.objects.filter(pk=alert)
        target = alerts.first()
        if target is None:
            raise CommandError("No alert is shown now." if current else f"There is no alert with id {alert}.")
        try:
            alert_withdraw(alert=target, user=editor)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(errors_text(error)) from None
        self.stdout.write(f"Withdrew alert {target.pk}: {target.text}")
