"""Routes of the second factor: the sign-in's second step, one's own factors, and a practice admin's part."""

from __future__ import annotations

from django.urls import path

from cocreate.accounts.second_factor import signin, views

urlpatterns = [
    path("accounts/login/second-step/", signin.second_step, name="login_second_step"),
    path("accounts/login/second-step/passkey/", signin.second_step_passkey, name="login_second_step_passkey"),
    path("accounts/second-factor/", views.overview, name="second_factor"),
    path("accounts/second-factor/app/", views.app_setup, name="second_factor_app"),
    path("accounts/second-factor/codes/", views.codes, name="second_factor_codes"),
    path("accounts/second-factor/codes/download/", views.codes_download, name="second_factor_codes_download"),
    path("accounts/second-factor/codes/saved/", views.codes_saved, name="second_factor_codes_saved"),
    path("accounts/second-factor/codes/new/", views.codes_regenerate, name="second_factor_codes_new"),
    path("accounts/second-factor/<int:factor_id>/remove/", views.factor_remove, name="second_factor_remove"),
    path("accounts/second-factor/passkeys/options/", views.passkey_options, name="second_factor_passkey_options"),
    path("accounts/second-factor/passkeys/add/", views.passkey_add, name="second_factor_passkey_add"),
    path("practices/<int:practice_id>/second-factor/", views.practice_requirement,
         name="practice_second_factor"),
    path("practices/<int:practice_id>/people/<int:user_id>/second-factor-reset/", views.member_reset,
         name="second_factor_reset"),
]

# Pages a person who must still set up a second factor may open (besides signing out and "Get help now").
ENROLMENT_PREFIXES = ("/accounts/second-factor/", "/accounts/login/")
