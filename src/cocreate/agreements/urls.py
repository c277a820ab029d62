from django.urls import path

from cocreate.agreements import views

BASE = "engagements/<int:engagement_id>/agreements/"

urlpatterns = [
    path(BASE, views.agreements, name="agreements"),
    path(BASE + "<slug:kind>/", views.agreement, name="agreement"),
    path(BASE + "<slug:kind>/propose/", views.propose, name="agreement_propose"),
    path(BASE + "<slug:kind>/history/", views.history, name="agreement_history"),
    path(BASE + "<slug:kind>/in-force/", views.in_force, name="agreement_in_force"),
    path(BASE + "<slug:kind>/narrow/", views.narrow, name="consent_narrow"),
    path(BASE + "<slug:kind>/deviations/", views.deviation_add, name="deviation_add"),
    path(BASE + "<slug:kind>/revisions/<int:number>/decide/", views.decide, name="revision_decide"),
    path(BASE + "<slug:kind>/revisions/<int:number>/withdraw/", views.withdraw, name="revision_withdraw"),
]
