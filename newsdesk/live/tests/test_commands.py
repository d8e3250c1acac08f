import pytest
from django.core.management import CommandError, call_command

from newsdesk.live.models import BreakingAlert, LiveEvent
from newsdesk.live.services import alert_publish

STORY = "https://example.org/story"


@pytest.mark.django_db
def test_alert_publish_command_publishes_with_a_link_and_an_expiry(editor, capsys):
    call_command(
        "alert_publish", "Polls close", "--url", STORY, "--expires", "2031-05-01T20:00:00+02:00", "--user", "editor"
    )
    alert = BreakingAlert.objects.get()
    assert alert.text == "Polls close" and alert.expires_at.isoformat() == "2031-05-01T18:00:00+00:00"
    assert f"Published alert {alert.pk}" in capsys.readouterr().out
    assert LiveEvent.objects.get().type == "alert"


@pytest.mark.django_db
def test_alert_publish_command_links_a_page(editor, article):
    call_command("alert_publish", "Read the story", "--page", str(article.pk), "--user", "editor")
    assert BreakingAlert.objects.get().page_id == article.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["Reporter", "--url", STORY, "--user", "reporter"], "editors"),
        (["Nobody", "--url", STORY, "--user", "ghost"], "No user"),
        (["Bad link", "--url", "ftp:/x", "--user", "editor"], "url"),
        (["No page", "--page", "987654", "--user", "editor"], "no page"),
        (["Vague", "--url", STORY, "--expires", "tonight", "--user", "editor"], "ISO 8601"),
        (["Past", "--url", STORY, "--expires", "2001-01-01T00:00", "--user", "editor"], "expiry"),
    ],
)
def test_alert_publish_command_refuses_bad_input_and_stores_nothing(editor, reporter, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("alert_publish", *args)
    assert not BreakingAlert.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_alert_withdraw_command_by_id_or_the_current_one(editor):
    first = alert_publish(text="First", url=STORY, user=editor)
    call_command("alert_withdraw", str(first.pk), "--user", "editor")
    second = alert_publish(text="Second", url=STORY, user=editor)
    call_command("alert_withdraw", "--current", "--user", "editor")
    assert {alert.status for alert in BreakingAlert.objects.filter(pk__in=[first.pk, second.pk])} == {"withdrawn"}
    with pytest.raises(CommandError, match="No alert is shown"):
        call_command("alert_withdraw", "--current", "--user", "editor")


@pytest.mark.django_db
def test_a_reporter_cannot_withdraw_from_the_command_line(editor, reporter):
    alert = alert_publish(text="Stays", url=STORY, user=editor)
    with pytest.raises(CommandError, match="editors"):
        call_command("alert_withdraw", str(alert.pk), "--user", "reporter")
    assert BreakingAlert.objects.current().first() == alert
