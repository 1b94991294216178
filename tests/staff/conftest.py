"""Staff accounts and a browser-like way to fill in the staff site's forms."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from lxml import html as lxml_html

from readingroom.staff.roles import create_user

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db: None) -> User:
    return create_user("edith", "editor", PASSWORD)


@pytest.fixture
def admin_user(db: None) -> User:
    return create_user("ada", "admin", PASSWORD)


@pytest.fixture
def signed_in(client: Client) -> Callable[[User], Client]:
    def sign_in(user: User) -> Client:
        client.force_login(user)
        return client

    return sign_in


def form_values(page: str, form_id: str | None = None) -> dict[str, Any]:
    """What a browser would send for the page's form as it stands: every named field with its current value."""
    tree = lxml_html.fromstring(page)
    form = tree.get_element_by_id(form_id) if form_id else tree.forms[-1]
    values: dict[str, Any] = {}
    for name, value in form.form_values():
        values.setdefault(name, []).append(value)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}
