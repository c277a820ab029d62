"""Every route of cocreate: the web portals and the JSON API."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from cocreate.access import emergency_views as emergency
from cocreate.accounts import views as accounts
from cocreate.accounts.forms import QueuedPasswordResetForm
from cocreate.api import api
from cocreate.care import views as care
from cocreate.web import views as web

urlpatterns = [
    path("", care.home, name="home"),
    path("ping/", web.ping, name="ping"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.logout_view, name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/security/", accounts.security, name="security"),
    path("accounts/security/time-zone/", accounts.time_zone, name="time_zone"),
    path("practices/<int:practice_id>/time-zone/", accounts.practice_time_zone, name="practice_time_zone"),
    path("accounts/security/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token_revoke"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(template_name="accounts/password_reset_form.html",
                                             email_template_name="accounts/password_reset_email.txt",
                                             form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("invite/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
    path("practices/<int:practice_id>/", accounts.practice_people, name="practice_people"),
    path("practices/<int:practice_id>/invite/", accounts.invite, name="invite"),
    path("invitations/<int:invitation_id>/revoke/", accounts.invitation_revoke, name="invitation_revoke"),
    path("caseload/", care.caseload, name="caseload"),
    path("my/", care.my_engagements, name="my_engagements"),
    path("engagements/new/", care.engagement_new, name="engagement_new"),
    path("engagements/<int:engagement_id>/", care.engagement_detail, name="engagement"),
    path("engagements/<int:engagement_id>/phase/", care.phase_change, name="phase_change"),
    path("engagements/<int:engagement_id>/team/", care.team_add, name="team_add"),
    path("engagements/<int:engagement_id>/team/<int:facilitator_id>/remove/", care.team_remove, name="team_remove"),
    path("engagements/<int:engagement_id>/sessions/new/", care.session_new, name="session_new"),
    path(
        "engagements/<int:engagement_id>/sessions/<int:session_id>/reschedule/",
        care.session_reschedule,
        name="session_reschedule",
    ),
    path(
        "engagements/<int:engagement_id>/sessions/<int:session_id>/cancel/",
        care.session_cancel,
        name="session_cancel",
    ),
    path(
        "engagements/<int:engagement_id>/sessions/<int:session_id>/postpone/",
        care.session_postpone,
        name="session_postpone",
    ),
    path(
        "engagements/<int:engagement_id>/sessions/<int:session_id>/held/",
        care.session_complete,
        name="session_complete",
    ),
    path("engagements/<int:engagement_id>/notes/", care.shared_note_add, name="shared_note_add"),
    path("engagements/<int:engagement_id>/private-notes/", care.private_note_add, name="private_note_add"),
    path("engagements/<int:engagement_id>/who-has-seen/", care.access_log, name="access_log"),
    path("supervision/", care.supervision, name="supervision"),
    path("supervision/<int:supervision_id>/", care.supervision_open, name="supervision_open"),
    path("emergency/", emergency.emergency_start, name="emergency"),
    path("practices/<int:practice_id>/emergency/", emergency.emergency_home, name="emergency_home"),
    path("practices/<int:practice_id>/emergency/review/", emergency.emergency_review, name="emergency_review"),
    path("practices/<int:practice_id>/emergency/<int:grant_id>/review/", emergency.emergency_review_add,
         name="emergency_review_add"),
    path("engagements/<int:engagement_id>/emergency/", emergency.emergency_open, name="emergency_open"),
    path("engagements/<int:engagement_id>/emergency/end/", emergency.emergency_end, name="emergency_end"),
    path("", include("cocreate.accounts.second_factor.urls")),
    path("", include("cocreate.inbox.urls")),
    path("", include("cocreate.library.urls")),
    path("", include("cocreate.protocols.urls")),
    path("", include("cocreate.medicine.urls")),
    path("", include("cocreate.agreements.urls")),
    path("", include("cocreate.measures.urls")),
    path("", include("cocreate.reminders.urls")),
    path("", include("cocreate.audit.urls")),
    path("", include("cocreate.interop.urls")),
    path("", include("cocreate.integration.urls")),
    path("", include("cocreate.alliance.urls")),
    path("", include("cocreate.equity.urls")),
    path("api/v1/", api.urls),
]
