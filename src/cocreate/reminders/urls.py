from django.urls import path

from cocreate.reminders import views

urlpatterns = [
    path("accounts/security/reminders/", views.preferences, name="reminder_preferences"),
    path("practices/<int:practice_id>/reminders/", views.practice_times, name="practice_reminders"),
    path("engagements/<int:engagement_id>/sessions/<int:session_id>/reminder/", views.session_reminder,
         name="session_reminder"),
]
