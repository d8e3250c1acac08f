from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from newsdesk.live.services import alert_publish


def user_get(username: str):
    User = get_user_model()
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        raise CommandError(f"No user called {username!r}.") from None


def errors_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Publish a breaking alert to the banner of every page, including pages readers have open."

    def add_arguments(self, parser):
        parser.add_argument("text", help="One short sentence, as readers will see it.")
        link = parser.add_mutually_exclusive_group(required=True)
        link.add_argument("--url", default="", help="A link to the story.")
        link.add_argument("--page", type=int, help="The id of the published page the alert links to.")
        parser.add_argument("--expires", help="When it leaves the banner by itself (ISO 8601; UTC if no offset).")
        parser.add_argument("--user", required=True, help="The editor publishing it (a username).")

    def handle(self, *args, text, url, page, expires, user, **options):
        expires_at = None
        if expires:
            try:
                expires_at = datetime.fromisoformat(expires)
            except ValueError:
                raise CommandError(f"--expires: {expires!r} is not an ISO 8601 date and time.") from None
        page_obj = None
        if page is not None:
            page_obj = Page.objects.filter(pk=page).first()
            if page_obj is None:
                raise CommandError(f"--page: there is no page with id {page}.")
            page_obj = page_obj.specific
        try:
            alert = alert_publish(text=text, page=page_obj, url=url, expires_at=expires_at, user=user_get(user))
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(errors_text(error)) from None
        self.stdout.write(f"Published alert {alert.pk}: {alert.text}")
