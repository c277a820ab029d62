from django.urls import path

from cocreate.protocols import views

E = "engagements/<int:engagement_id>/"

urlpatterns = [
    path(E + "readiness/", views.readiness, name="readiness"),
    path(E + "readiness/protocol/", views.pack_change, name="pack_change"),
    path(E + "readiness/set-aside/", views.set_aside, name="rule_set_aside"),
    path(E + "readiness/set-aside/<slug:requirement>/restore/", views.restore, name="rule_restore"),
    path(E + "screening/", views.screening, name="screening"),
    path(E + "screening/decision/", views.screening_decide, name="screening_decide"),
    path(E + "forms/", views.protocol_forms, name="protocol_forms"),
    path(E + "forms/<slug:form>/", views.form_respond, name="form_respond"),
    path(E + "check-in/", views.checkin, name="checkin"),
    path("practices/<int:practice_id>/protocol/", views.practice_protocol, name="practice_protocol"),
    path("practices/<int:practice_id>/protocol/forms/<slug:form>/", views.practice_form_text,
         name="practice_form_text"),
]
