from django.urls import path

from cocreate.integration import journal_views, lookback_views, resource_views, views

E = "engagements/<int:engagement_id>/integration/"

urlpatterns = [
    path(E, views.tracker, name="integration"),
    path(E + "shifts/", views.shifts_part, name="integration_shifts"),
    path(E + "shifts/new/", views.shift_add, name="integration_shift_add"),
    path(E + "shifts/<int:entry_id>/share/", views.shift_share, name="integration_shift_share"),
    path(E + "shifts/<int:entry_id>/delete/", views.shift_delete, name="integration_shift_delete"),
    path(E + "shifts/<int:entry_id>/reflect/", views.reflection_add, name="integration_reflect"),
    path(E + "sharing/", views.sharing, name="integration_sharing"),
    path(E + "patterns/", views.pattern_add, name="integration_pattern_add"),
    path(E + "patterns/<int:pattern_id>/answer/", views.pattern_answer, name="integration_pattern_answer"),
    path(E + "patterns/<int:pattern_id>/change/", views.pattern_change, name="integration_pattern_change"),
    path(E + "trackers/<int:tracker_id>/days/", views.days_set, name="integration_days"),
    path(E + "trackers/new/", views.tracker_start, name="integration_start"),
    *journal_views.urlpatterns,
    *lookback_views.urlpatterns,
    *resource_views.urlpatterns,
]
