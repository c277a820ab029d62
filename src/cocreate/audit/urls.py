from django.urls import path

from cocreate.audit import views

urlpatterns = [
    path("practices/<int:practice_id>/retention/", views.practice_retention, name="practice_retention"),
]
