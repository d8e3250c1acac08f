"""The wire desk in the admin: wire items newest first with filters and search, the
quarantine with a retry action, and the sources agencies deliver through.

Wire copy is the agency's: nobody edits an item here. Editors read items and compose
articles from them (services.article_create_from_wires); quarantined files are retried
through services.quarantined_file_retry."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Agency, QuarantinedFile, WireItem, WireSource, WireStory
from .services import EmbargoError, article_create_from_wires, quarantined_file_retry


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "globe"
    menu_label = "Agencies"
    list_display = ["short_name", "name", "code"]


register_snippet(AgencyViewSet)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Lets people with the view permission read; nobody adds, edits or deletes here."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, "view") or user.is_superuser


class RetryOnlyPermissionPolicy(ModelPermissionPolicy):
    """Quarantined files are only read and retried (retrying needs the change permission)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(WireItem, ReadOnlyPermissionPolicy(WireItem))
register_permission_policy(QuarantinedFile, RetryOnlyPermissionPolicy(QuarantinedFile))


URGENCY_CHOICES = [(n, f"{n}{' (flash)' if n == 1 else ''}") for n in range(1, 10)]


class WireItemFilterSet(WagtailFilterSet):
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all())
    urgency = django_filters.ChoiceFilter(choices=URGENCY_CHOICES)
    language = django_filters.CharFilter(
        label="Language", method="filter_language", help_text="A language code, e.g. de or en-GB."
    )
    subject = django_filters.CharFilter(label="Subject", method="filter_subject")
    embargo = django_filters.BooleanFilter(label="Under embargo", method="filter_embargo")

    class Meta:
        model = WireItem
        fields = ["agency", "urgency"]

    def filter_language(self, queryset, name, value):
        # "de" also finds "de-DE" and "de-AT".
        return queryset.filter(Q(language__iexact=value) | Q(language__istartswith=f"{value}-"))

    def filter_subject(self, queryset, name, value):
        return queryset.filter(Q(subjects__icontains=value) | Q(keywords__icontains=value))

    def filter_embargo(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.under_embargo() if value else queryset.cleared()


class EmbargoColumn(Column):
    cell_template_name = "wires/admin/embargo_cell.html"


class StoryColumn(Column):
    cell_template_name = "wires/admin/story_cell.html"

    def __init__(self, *args, story_url_name=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.story_url_name = story_url_name

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "story_url_name": self.story_url_name}


class StoryCompareView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The items of one story side by side, so an editor can compare the agencies' copy."""

    model = WireItem
    permission_required = "view"
    template_name = "wires/admin/story_compare.html"
    header_icon = "doc-full-inverse"
    shown = 6

    def get_context_data(self, **kwargs):
        story = get_object_or_404(WireStory, key=self.kwargs["key"])
        # Side by side works for a handful: the newest few, in the order they arrived.
        newest = list(story.items.select_related("agency").order_by("-received_at", "-pk")[: self.shown])
        items = newest[::-1]
        self.page_title = story.label
        compose = reverse("wagtail_bulk_action", args=("wires", "wireitem", ComposeArticleBulkAction.action_type))
        return super().get_context_data(
            story=story,
            items=items,
            hidden=max(story.size - len(items), 0),
            compose_url=compose + "?" + "&".join(f"id={item.pk}" for item in items),
            **kwargs,
        )


class WireItemIndexView(snippet_views.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        url = reverse("wagtail_bulk_action", args=("wires", "wireitem", ComposeArticleBulkAction.action_type))
        buttons.append(Button("Compose article", url=f"{url}?id={instance.pk}", icon_name="doc-full", priority=5))
        return buttons


class WireItemViewSet(SnippetViewSet):
    model = WireItem
    icon = "doc-full-inverse"
    menu_label = "Wire items"
    list_display = [
        "headline",
        "agency",
        "urgency",
        "language",
        "version",
        "version_created_at",
        EmbargoColumn("embargoed_until", label="Embargo"),
        StoryColumn("story", label="Story", story_url_name="wagtailsnippets_wires_wireitem:story"),
    ]
    filterset_class = WireItemFilterSet
    search_fields = ["headline", "summary", "byline", "guid", "body"]
    search_backend_name = None  # plain ORM search: wire items are not in the Wagtail index (see models)
    inspect_view_enabled = True
    inspect_view_fields = [
        "agency",
        "guid",
        "version",
        "format",
        "headline",
        "byline",
        "dateline",
        "language",
        "urgency",
        "embargoed_until",
        "first_created_at",
        "version_created_at",
        "received_at",
        "updated_at",
        "summary",
        "body",
        "subjects",
        "keywords",
        "media",
    ]
    copy_view_enabled = False
    list_per_page = 50
    index_view_class = WireItemIndexView
    index_template_name = "wires/admin/wire_item_index.html"  # refreshes itself: see static/wires/desk.js

    def get_queryset(self, request):
        return WireItem.objects.for_desk()

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("story/<str:key>/", StoryCompareView.as_view(), name="story")]


class QuarantineIndexView(snippet_views.IndexView):
    retry_url_name = None

    @cached_property
    def columns(self):
        return [column for column in super().columns if column.name != "bulk_actions"]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == QuarantinedFile.Status.WAITING and self.permission_policy.user_has_permission(
            self.request.user, "change"
        ):
            url = reverse(self.retry_url_name, args=[quote(instance.pk)])
            buttons.append(Button("Retry", url=url, icon_name="rotate", priority=5))
        return buttons


class QuarantineRetryView(snippet_views.InspectView):
    """GET shows the file's reason and a confirm form; POST retries it, with a corrected
    copy if one was uploaded."""

    template_name = "wires/admin/confirm_retry.html"
    permission_required = "change"
    list_url_name = None

    def get_page_title(self):
        return f"Retry {self.object.filename or 'quarantined file'}"

    def post(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        quarantined = get_object_or_404(QuarantinedFile, pk=kwargs["pk"])
        upload = request.FILES.get("corrected")
        payload = upload.read() if upload else None
        result = quarantined_file_retry(quarantined=quarantined, user=request.user, payload=payload)
        if result.quarantined:
            messages.error(request, f"Still unreadable: {result.reason}")
        else:
            created, updated = result.count("created"), result.count("updated")
            messages.success(request, f"Ingested: {created} new items, {updated} updated.")
        return redirect(self.list_url_name)


class QuarantinedFileViewSet(SnippetViewSet):
    model = QuarantinedFile
    icon = "warning"
    menu_label = "Quarantine"
    list_display = ["filename", "source", Column("reason", label="Reason"), "status", "created_at", "retry_count"]
    list_filter = ["status", "source"]
    search_fields = ["filename", "reason"]
    search_backend_name = None
    index_view_class = QuarantineIndexView
    inspect_view_enabled = True
    inspect_view_fields = [
        "filename",
        "source",
        "format",
        "size",
        "sha256",
        "reason",
        "status",
        "created_at",
        "retry_count",
        "last_retried_at",
        "resolved_at",
        "resolved_by",
    ]
    copy_view_enabled = False

    def get_queryset(self, request):
        return QuarantinedFile.objects.select_related("source")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    @property
    def retry_view(self):
        return self.construct_view(
            QuarantineRetryView,
            **self.get_inspect_view_kwargs(),
            list_url_name=self.get_url_name("list"),
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"retry/<{self.pk_path_converter}:pk>/", self.retry_view, name="retry"),
        ]


class WireSourceViewSet(SnippetViewSet):
    model = WireSource
    icon = "download"
    menu_label = "Sources"
    list_display = ["name", "agency", "kind", "enabled", "last_checked_at"]
    list_filter = ["kind", "agency", "enabled"]
    copy_view_enabled = False


class WireDeskGroup(SnippetViewSetGroup):
    menu_label = "Wire desk"
    menu_icon = "doc-full-inverse"
    menu_order = 160
    items = (WireItemViewSet, QuarantinedFileViewSet, WireSourceViewSet)


register_snippet(WireDeskGroup)


class ComposeForm(forms.Form):
    section = forms.ModelChoiceField(queryset=None, help_text="Where the article goes.")
    title = forms.CharField(required=False, max_length=255, help_text="Leave empty to use the first item's headline.")
    publish = forms.BooleanField(
        required=False, help_text="Publish at once. Otherwise a draft is created for you to edit and submit."
    )

    def __init__(self, *args, **kwargs):
        from newsdesk.articles.models import SectionPage

        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = SectionPage.objects.live().order_by("title")


class ComposeArticleBulkAction(SnippetBulkAction):
    """Select wire items, choose a section: an article built from them, as a draft or
    published in the same action. Embargoed items can be drafted, not published."""

    display_name = "Compose article"
    action_type = "compose"
    aria_label = "Compose an article from the selected wire items"
    template_name = "wires/admin/confirm_compose.html"
    action_priority = 10
    form_class = ComposeForm
    models = [WireItem]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, "view")

    @classmethod
    def get_queryset(cls, model, object_ids):
        # The editor's order is the article's order.
        items = model.objects.select_related("agency").in_bulk([int(i) for i in object_ids if str(i).isdigit()])
        return [items[int(i)] for i in object_ids if str(i).isdigit() and int(i) in items]

    def form_valid(self, form):
        items, _ = self.get_actionable_objects()
        if not items:
            form.add_error(None, "Choose at least one wire item that you may read.")
            return self.form_invalid(form)
        section = form.cleaned_data["section"]
        publish = form.cleaned_data["publish"]
        permissions = section.permissions_for_user(self.request.user)
        if not permissions.can_add_subpage():
            form.add_error("section", "You cannot add articles to this section.")
            return self.form_invalid(form)
        if publish and not permissions.can_publish_subpage():
            form.add_error("publish", "You cannot publish in this section; create a draft and submit it for review.")
            return self.form_invalid(form)
        try:
            page = article_create_from_wires(
                items=items, section=section, user=self.request.user, publish=publish, title=form.cleaned_data["title"]
            )
        except EmbargoError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, f"{'Published' if publish else 'Draft created'}: {page.title}. {page.attribution}."
        )
        return redirect("wagtailadmin_pages:edit", page.pk)


hooks.register("register_bulk_action", ComposeArticleBulkAction)


@hooks.register("before_publish_page")
def refuse_publishing_under_embargo(request, page):
    """The admin's publish button, for an article built from wire copy still under embargo:
    publishing is refused unless the go-live time is at or after the embargo's end (then
    Wagtail schedules it)."""
    items = WireItem.objects.used_by(page).under_embargo()
    embargo = max((item.embargoed_until for item in items), default=None)
    if embargo and (page.go_live_at is None or page.go_live_at < embargo):
        messages.error(
            request,
            f"This article uses wire copy under embargo until {embargo:%Y-%m-%d %H:%M} UTC. "
            "Set its go-live time to then or later, or remove that copy and its wire link.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
