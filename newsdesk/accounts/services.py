from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from . import roles


def _permission(app_label: str, codename: str) -> Permission | None:
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create or repair the reporter, editor and administrator groups, their
    permissions, and the editorial review workflow. Safe to run any number of times."""
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    groups = {}
    for name in (roles.REPORTERS, roles.EDITORS, roles.ADMINISTRATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        wanted = [p for p in (_permission(a, c) for a, c in roles.MODEL_PERMISSIONS[name]) if p]
        group.permissions.set(wanted)

    # Wagtail's own starter group would be a second, unexplained way to publish.
    Group.objects.filter(name="Moderators", user__isnull=True).delete()

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name, codenames in roles.PAGE_PERMISSIONS.items():
        group = groups[name]
        if root_page:
            keep = []
            for codename in codenames:
                perm = _permission("wagtailcore", codename)
                obj, _ = GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
                keep.append(obj.pk)
            GroupPagePermission.objects.filter(group=group).exclude(pk__in=keep).delete()
    for name, codenames in roles.COLLECTION_PERMISSIONS.items():
        group = groups[name]
        if root_collection:
            keep = []
            for codename in codenames:
                perm = _permission("wagtailimages", codename)
                if perm is None:
                    continue
                obj, _ = GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
                keep.append(obj.pk)
            GroupCollectionPermission.objects.filter(group=group).exclude(pk__in=keep).delete()

    if root_page:
        task = GroupApprovalTask.objects.filter(name=roles.WORKFLOW_TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=roles.WORKFLOW_TASK_NAME)
        task.groups.set([groups[roles.EDITORS]])
        workflow, _ = Workflow.objects.get_or_create(name=roles.WORKFLOW_NAME)
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    return groups


def user_create(*, username: str, password: str, role: str, email: str = "", **names) -> "get_user_model()":
    """Create a newsroom account in one of the roles. Administrators are superusers."""
    User = get_user_model()
    groups = roles_ensure()
    user = User.objects.create_user(username=username, password=password, email=email, **names)
    if role == roles.ADMINISTRATORS:
        user.is_staff = True
        user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(groups[role])
    return user
