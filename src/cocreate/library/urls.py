"""Routes of the library: topics under their practice, questions under their engagement."""

from django.urls import path

from cocreate.library import views

urlpatterns = [
    path("practices/<int:practice_id>/library/", views.library, name="library"),
    path("practices/<int:practice_id>/library/new/", views.topic_new, name="topic_new"),
    path("library/topics/<int:topic_id>/", views.topic_detail, name="topic"),
    path("library/topics/<int:topic_id>/edit/", views.topic_edit, name="topic_edit"),
    path("library/topics/<int:topic_id>/read/", views.topic_read, name="topic_read"),
    path("library/topics/<int:topic_id>/ask/", views.topic_ask, name="topic_ask"),
    path("engagements/<int:engagement_id>/questions/", views.questions, name="questions"),
    path("engagements/<int:engagement_id>/questions/<int:question_id>/", views.question, name="question"),
]
