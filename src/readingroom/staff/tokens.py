"""API tokens: a script sends `Authorization: Bearer <key>` and acts as the token's staff member. Only the key's
SHA-256 is stored, so a copy of the database does not give the keys away."""

import secrets
from hashlib import sha256

from django.contrib.auth.models import User
from django.utils import timezone

from readingroom.records.models import ApiToken

SCHEME = "Bearer "


def digest(key: str) -> str:
    return sha256(key.encode()).hexdigest()


def create_token(username: str, name: str) -> str:
    """A new key for a staff member (raises ValueError for anyone else); returns the key, which is not kept."""
    user = User.objects.filter(username=username, is_active=True, is_staff=True).first()
    if user is None:
        raise ValueError(f"no active staff account {username!r}")
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=digest(key))
    return key


def user_for(authorization: str) -> User | None:
    """The active staff member an Authorization header's token belongs to, or None."""
    if not authorization.startswith(SCHEME):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(authorization[len(SCHEME) :].strip())).first()
    if token is None or not token.user.is_active or not token.user.is_staff:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user
