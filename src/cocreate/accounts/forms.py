"""Forms of the accounts app: they collect input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import Role
from cocreate.tasks.jobs import send_emails


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autofocus": True}))


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, its email rendered here and sent by the worker: the page answers at once, whether or not
    the address has an account, instead of waiting for the mail server only when it has one."""

    def send_mail(self, subject_template_name: str, email_template_name: str, context: dict[str, Any],
                  from_email: str | None, to_email: str, html_email_template_name: str | None = None) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_emails.enqueue([[subject, body, from_email, [to_email]]])


class SignupForm(forms.Form):
    practice_name = forms.CharField(label=_("Practice name"), max_length=200)
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), max_length=4096,
        help_text=_("At least 10 characters, not a common password."),
    )


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=150)
    email = forms.EmailField(label=_("Their email"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.CLIENT)


class AcceptForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=4096, help_text=_("At least 10 characters, not a common password."),
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, required=False,
                           help_text=_("For example the script or device that will use it."))


class ZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"), required=False,
                                  help_text=_("Leave it on your practice's to follow the practice."))

