from django.urls import path

from cocreate.interop import archive_views, views

urlpatterns = [
    path("calendar/<str:token>.ics", views.feed, name="calendar_feed"),
    path("engagements/<int:engagement_id>/sessions/<int:session_id>/calendar.ics", views.session_ics,
         name="session_ics"),
    path("accounts/security/calendar/", views.feeds, name="calendar_feeds"),
    path("accounts/security/calendar/<int:feed_id>/reset/", views.feed_reset, name="calendar_feed_reset"),
    path("accounts/security/calendar/<int:feed_id>/kinds/", views.feed_kinds, name="calendar_feed_kinds"),
    path("accounts/security/calendar/<int:feed_id>/revoke/", views.feed_revoke, name="calendar_feed_revoke"),
    path("my/record/<str:form>/", archive_views.mine, name="record_mine"),
    path("engagements/<int:engagement_id>/record/<str:form>/", archive_views.engagement_record,
         name="record_download"),
    path("engagements/<int:engagement_id>/transfer-export/", archive_views.transfer_export, name="transfer_export"),
]
