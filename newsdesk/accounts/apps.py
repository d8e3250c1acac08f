from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsdesk.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .services import roles_ensure

        # Roles are data, but they must exist in every database, the test
        # database included, so they are (re)applied after each migrate.
        post_migrate.connect(_ensure_roles, sender=self)
        self._roles_ensure = roles_ensure


def _ensure_roles(sender, using="default", **kwargs):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # post_migrate reaches apps in INSTALLED_APPS order, so the permissions of
    # apps listed after this one may not exist yet: make them first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sender._roles_ensure()
