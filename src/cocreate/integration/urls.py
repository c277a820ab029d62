from django.urls import path

from cocreate.integration import journal_views, lookback_views, resource_views, views

E = "engagements/<int:engagement_id>/integration/"

urlpatterns = [
    path(E, views.tracker, name="integration"),
    *journal_views.urlpatterns,
    *lookback_views.urlpatterns,
    *resource_views.urlpatterns,
]
