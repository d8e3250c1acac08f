"""The breaking-news snippet in the admin. Every change goes through the live
services, so what an editor does here reaches open pages at once."""

import django_filters
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from newsdesk.articles.models import ArticlePage

from .models import BreakingAlert, LiveUpdate
from .services import (
    WITHDRAW_ACTION,
    alert_delete,
    alert_publish,
    alert_update,
    alert_withdraw,
    live_update_correct,
    live_update_delete,
    live_update_pin,
    live_update_post,
)


def _fields(form) -> dict:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "page": data.get("page"),
        "url": data.get("url", ""),
        "expires_at": data.get("expires_at"),
    }


class AlertIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        # No bulk actions: a bulk delete would bypass the services and leave open pages stale.
        return [column for column in super().columns if column.name != "bulk_actions"]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.withdrawn_at is None and self.permission_policy.user_has_permission(self.request.user, "change"):
            buttons.append(
                Button(
                    "Withdraw",
                    url=reverse(self.withdraw_url_name, args=[quote(instance.pk)]),
                    icon_name="cross",
                    priority=25,
                )
            )
        return buttons

    withdraw_url_name = None


class AlertCreateView(snippet_views.CreateView):
    def save_instance(self):
        return alert_publish(**_fields(self.form), user=self.request.user)


class AlertEditView(snippet_views.EditView):
    withdraw_url_name = None

    def save_instance(self):
        return alert_update(alert=self.object, **_fields(self.form), user=self.request.user)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.withdrawn_at is None and self.user_has_permission("change"):
            url = reverse(self.withdraw_url_name, args=[quote(self.object.pk)])
            buttons.append(Button("Withdraw", url=url, icon_name="cross", priority=15))
        return buttons


class AlertDeleteView(snippet_views.DeleteView):
    def delete_action(self):
        alert_delete(alert=self.object, user=self.request.user)


class AlertWithdrawView(snippet_views.DeleteView):
    """Confirm, then take the alert off every page. Its record stays, for the history."""

    view_name = "withdraw"
    permission_required = "change"
    page_title = "Withdraw"
    template_name = "live/admin/confirm_withdraw.html"
    success_message = "Breaking alert '%(object)s' withdrawn."
    withdraw_url_name = None

    def get_usage_url(self):
        return None

    def get_delete_url(self):
        return reverse(self.withdraw_url_name, args=[quote(self.object.pk)])

    @property
    def confirmation_message(self):
        return "Withdraw this alert from the banner of every page, including pages readers have open?"

    def get_success_message(self):
        return self.success_message % {"object": self.object}

    def run_before_hook(self):
        return None

    def run_after_hook(self):
        return None

    def delete_action(self):
        alert_withdraw(alert=self.object, user=self.request.user)


class BreakingAlertViewSet(SnippetViewSet):
    model = BreakingAlert
    icon = "warning"
    menu_label = "Breaking news"
    menu_order = 150
    add_to_admin_menu = True
    list_display = ["text", Column("status", label="Status"), "published_at", "expires_at", "withdrawn_at"]
    index_view_class = AlertIndexView
    add_view_class = AlertCreateView
    edit_view_class = AlertEditView
    delete_view_class = AlertDeleteView
    copy_view_enabled = False

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(withdraw_url_name=self.get_url_name("withdraw"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(withdraw_url_name=self.get_url_name("withdraw"), **kwargs)

    @property
    def withdraw_view(self):
        kwargs = {**self.get_delete_view_kwargs(), "template_name": AlertWithdrawView.template_name}
        return self.construct_view(AlertWithdrawView, **kwargs, withdraw_url_name=self.get_url_name("withdraw"))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"withdraw/<{self.pk_path_converter}:pk>/", self.withdraw_view, name="withdraw"),
        ]


register_snippet(BreakingAlertViewSet)


def _body_data(body) -> list:
    # Block ids change nothing readers see.
    return [(child["type"], child["value"]) for child in body.get_prep_value()]


class LiveUpdateForm(WagtailAdminModelForm):
    """An edit that changes what an update says is a correction: it needs a note for readers."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("body") is not None:
            original = LiveUpdate.objects.get(pk=self.instance.pk)
            changed = _body_data(original.body) != _body_data(cleaned["body"])
            if changed and not (cleaned.get("correction_note") or "").strip():
                self.add_error("correction_note", "Say what was corrected: readers see this note with the update.")
        return cleaned


class LiveUpdateFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        queryset=ArticlePage.objects.filter(is_live_story=True).order_by("-first_published_at"), label="Story"
    )
    pinned = django_filters.BooleanFilter(label="Key point")

    class Meta:
        model = LiveUpdate
        fields = ["page", "pinned"]


class LiveUpdateIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        # No bulk actions: a bulk delete would bypass the services and leave open pages stale.
        return [column for column in super().columns if column.name != "bulk_actions"]

    def get_base_queryset(self):
        return super().get_base_queryset().filter(deleted=False).select_related("page")


class LiveUpdateCreateView(snippet_views.CreateView):
    def save_instance(self):
        update = self.form.instance
        return live_update_post(page=update.page, body=update.body, pinned=update.pinned, user=self.request.user)


class LiveUpdateEditView(snippet_views.EditView):
    def save_instance(self):
        update = self.form.instance
        original = LiveUpdate.objects.get(pk=update.pk)
        update.page_id = original.page_id  # an update stays with its story
        note = (update.correction_note or "").strip()
        if _body_data(original.body) != _body_data(update.body) or note != original.correction_note:
            update = live_update_correct(update=update, body=update.body, note=note, user=self.request.user)
        if update.pinned != original.pinned:
            update = live_update_pin(update=update, pinned=update.pinned, user=self.request.user)
        return update


class LiveUpdateDeleteView(snippet_views.DeleteView):
    def delete_action(self):
        live_update_delete(update=self.object, user=self.request.user)


class LiveUpdateViewSet(SnippetViewSet):
    """Live story updates, filtered by story. Every change goes through the live services."""

    model = LiveUpdate
    icon = "time"
    menu_label = "Live updates"
    menu_order = 151
    add_to_admin_menu = True
    list_display = ["__str__", "published_at", Column("pinned", label="Key point"), "corrected_at"]
    filterset_class = LiveUpdateFilterSet
    index_view_class = LiveUpdateIndexView
    add_view_class = LiveUpdateCreateView
    edit_view_class = LiveUpdateEditView
    delete_view_class = LiveUpdateDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(LiveUpdate.panels, base_form_class=LiveUpdateForm)


register_snippet(LiveUpdateViewSet)


@hooks.register("register_log_actions")
def register_withdraw_action(actions):
    actions.register_action(WITHDRAW_ACTION, "Withdraw breaking alert", "Withdrawn from the banner")


@hooks.register("before_bulk_action")
def refuse_bulk_alert_changes(request, action_type, objects, action_class_instance):
    if any(isinstance(obj, BreakingAlert | LiveUpdate) for obj in objects):
        raise PermissionDenied("Change breaking alerts one at a time, so open pages follow.")
