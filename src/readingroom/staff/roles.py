"""Roles: readers are the public (signed out); editors curate documents and authorities; admins also manage users,
API tokens, imports and deletions. An editor is a member of the "editors" group; an admin is a superuser."""

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

EDITORS = "editors"
ROLES = ("editor", "admin")
EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("document", "authority", "namevariant", "documentauthority", "transcript", "attachment")
    for action in ("add", "change", "view")
] + ["view_changeset", "view_revision", "view_authorityalias"]


def editors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="records", codename__in=EDITOR_PERMISSIONS))
    return group


@transaction.atomic
def create_user(name: str, role: str, password: str, email: str = "") -> User:
    """A staff account; raises ValueError for an unknown role or a name that is taken."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if User.objects.filter(username=name).exists():
        raise ValueError(f"there is already a user {name!r}")
    user = User(username=name, email=email, is_staff=True, is_superuser=role == "admin")
    user.set_password(password)
    user.save()
    if role == "editor":
        user.groups.add(editors_group())
    return user


def role_of(user: object) -> str:
    if not isinstance(user, User) or not user.is_active or not user.is_staff:
        return "reader"
    return "admin" if user.is_superuser else "editor"
