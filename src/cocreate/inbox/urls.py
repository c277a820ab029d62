from django.urls import path

from cocreate.inbox import views

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:notice_id>/open/", views.notice_open, name="notice_open"),
    path("inbox/read-all/", views.notices_read_all, name="notices_read_all"),
]
