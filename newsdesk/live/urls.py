from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("stream/", views.stream, name="stream"),
    path("alerts/<int:alert_id>/dismiss/", views.alert_dismiss, name="alert_dismiss"),
    path("updates/<int:update_id>/", views.update_permalink, name="update"),
]
