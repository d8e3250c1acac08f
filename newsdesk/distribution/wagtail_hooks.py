from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from .models import PartnerKey
from .services import partner_key_create, partner_key_revoke


class CreateView(generic.CreateView):
    """Makes the key through the service and shows it once: only its digest is kept."""

    def form_valid(self, form):
        self.object, key = partner_key_create(
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
            requests_per_minute=form.cleaned_data["requests_per_minute"],
        )
        log(self.object, "wagtail.create", user=self.request.user)
        context = self.get_context_data(key=key, object=self.object)
        context["page_title"] = context["header_title"] = "Partner API key created"
        return TemplateResponse(self.request, "distribution/partner_keys/created.html", context)


class RevokeView(generic.DeleteView):
    """Revoking keeps the record, for the audit trail."""

    page_title = "Revoke"

    @property
    def confirmation_message(self):
        return f"Revoke the key of {self.object.name}? Its requests are refused at once."

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        partner_key_revoke(partner_key=self.object)
        log(self.object, "wagtail.delete", user=request.user)
        messages.success(request, f"The key of {self.object.name} is revoked.")
        return redirect(self.get_success_url())


class PartnerKeyViewSet(ModelViewSet):
    model = PartnerKey
    form_fields = ["name", "contact", "requests_per_minute"]
    list_display = ["name", "prefix", "requests_per_minute", "created_at", "last_used_at", "revoked_at"]
    icon = "key"
    menu_label = "Partner API keys"
    menu_name = "partner_keys"
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = CreateView
    delete_view_class = RevokeView


@hooks.register("register_admin_viewset")
def register_partner_key_viewset():
    return PartnerKeyViewSet("partner_keys")
