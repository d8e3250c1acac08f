from django.urls import path

from . import views

app_name = "wires"
urlpatterns = [
    path("push/<int:source_id>/", views.wire_push, name="push"),
]
