"""Who may do what in the newsroom, exercised through the Wagtail admin as people use it."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState


def _edit_post_data(page, **extra):
    data = {
        "title": page.title,
        "slug": page.slug,
        "standfirst": page.standfirst,
        "dateline_place": page.dateline_place,
        "lead_image": page.lead_image_id or "",
        "lead_image_caption": "",
        "attribution_override": "",
        "body-count": "1",
        "body-0-type": "subhead",
        "body-0-value": "What we know",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-id": "",
        "authors-TOTAL_FORMS": "0",
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "0",
        "authors-MAX_NUM_FORMS": "1000",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    for formset in ("authors", "sources", "corrections", "comments"):
        data.setdefault(f"{formset}-TOTAL_FORMS", "0")
        data.setdefault(f"{formset}-INITIAL_FORMS", "0")
        data.setdefault(f"{formset}-MIN_NUM_FORMS", "0")
        data.setdefault(f"{formset}-MAX_NUM_FORMS", "1000")
    data.setdefault("topics", "")
    data.update(extra)
    return data


@pytest.fixture
def draft(section, reporter):
    from newsdesk.articles.services import article_create

    return article_create(
        section=section,
        title="Secret draft about the budget",
        standfirst="Not yet.",
        body=[],
        publish=False,
        user=reporter,
    )


@pytest.mark.django_db
def test_reporter_can_save_a_draft_but_not_publish(client, reporter, draft):
    client.force_login(reporter)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_post_data(draft, title="Secret draft, revised", **{"action-publish": "1"}))
    assert response.status_code in (302, 200)
    draft.refresh_from_db()
    assert draft.live is False
    assert draft.get_latest_revision().content["title"] in ("Secret draft, revised", "Secret draft about the budget")
    assert client.get(draft.url or "/world/secret-draft-about-the-budget/").status_code == 404


@pytest.mark.django_db
def test_reporter_submits_for_review_and_an_editor_approves_and_publishes(client, reporter, editor, draft):
    client.force_login(reporter)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    client.post(url, _edit_post_data(draft, **{"action-submit": "1"}))
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editorial review"

    client.force_login(editor)
    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    response = client.post(approve, {"comment": "Good to go"})
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live is True


@pytest.mark.django_db
def test_editor_can_publish_directly(client, editor, draft):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    client.post(url, _edit_post_data(draft, **{"action-publish": "1"}))
    draft.refresh_from_db()
    assert draft.live is True


@pytest.mark.django_db
def test_anonymous_readers_never_see_drafts(client, draft):
    page_id = draft.pk
    assert client.get("/world/secret-draft-about-the-budget/").status_code == 404
    for url in [
        reverse("wagtailadmin_pages:view_draft", args=[page_id]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page_id]),
        reverse("wagtailadmin_pages:edit", args=[page_id]),
        f"/admin/pages/{page_id}/revisions/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"Secret draft" not in response.content
    assert "Secret draft" not in client.get("/search/", {"q": "secret budget"}).content.decode()
    assert "Secret draft" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_only_editors_manage_the_breaking_banner(client, reporter, editor):
    add_url = reverse("wagtailsnippets_live_breakingalert:add")
    client.force_login(reporter)
    assert client.get(add_url).status_code in (302, 403)
    client.force_login(editor)
    assert client.get(add_url).status_code == 200


@pytest.mark.django_db
def test_roles_are_repaired_idempotently():
    from django.contrib.auth.models import Group

    from newsdesk.accounts.services import roles_ensure

    roles_ensure()
    roles_ensure()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Reporters", "Editors", "Administrators"}
    assert not Group.objects.filter(name="Moderators").exists()


@pytest.mark.django_db
def test_scheduled_article_goes_live_when_the_scheduler_runs(section, editor):
    import time
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from newsdesk.articles.services import article_create

    page = article_create(section=section, title="Embargoed results", standfirst="s", body=[], publish=False)
    page.go_live_at = timezone.now() + timedelta(seconds=1.5)
    page.save_revision(user=editor).publish(user=editor)
    call_command("scheduler", "--once", verbosity=0)
    assert Page.objects.get(pk=page.pk).live is False  # scheduled, not yet due
    time.sleep(max(0.0, (page.go_live_at - timezone.now()).total_seconds()) + 0.1)
    call_command("scheduler", "--once", verbosity=0)
    assert Page.objects.get(pk=page.pk).live is True


@pytest.mark.django_db
def test_editors_run_the_wire_desk_and_reporters_read_it(client, reporter, editor):
    desk = reverse("wagtailsnippets_wires_wireitem:list")
    quarantine = reverse("wagtailsnippets_wires_quarantinedfile:list")
    sources = reverse("wagtailsnippets_wires_wiresource:list")
    client.force_login(editor)
    assert [client.get(url).status_code for url in (desk, quarantine, sources)] == [200, 200, 200]
    client.force_login(reporter)
    assert client.get(desk).status_code == 200
    assert client.get(quarantine).status_code in (302, 403)
    assert client.get(sources).status_code in (302, 403)
