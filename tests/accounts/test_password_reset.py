"""Password reset by email: the link works once and sets a new password."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from tests.conftest import World


def test_reset_by_email_sets_a_new_password_once(world: World, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    browser = Client()
    response = browser.post("/accounts/password-reset/", {"email": world.dana.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form_page = browser.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new = "a-brand-new-password-7"
    done = browser.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert Client().post("/accounts/login/", {"username": world.dana.email, "password": new}).status_code == 302
    # The same link does not work a second time.
    again = Client().get(link.group(1), follow=True)
    assert "no longer valid" in again.content.decode()


def test_reset_for_unknown_email_reveals_nothing(world: World, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = Client().post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
