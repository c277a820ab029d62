from django.urls import path

from cocreate.medicine import report_views, views

S = "engagements/<int:engagement_id>/sessions/<int:session_id>/medicine/"

urlpatterns = [
    path(S, views.medicine, name="medicine"),
    path(S + "timeline/", views.timeline_part, name="medicine_timeline"),
    path(S + "begin/", views.begin, name="medicine_begin"),
    path(S + "end/", views.end, name="medicine_end"),
    path(S + "release/", views.release, name="medicine_release"),
    path(S + "live/", views.live, name="medicine_live"),
    path(S + "consent/", views.consent, name="medicine_consent"),
    path(S + "entries/<int:entry_id>/recollect/", views.recollect, name="medicine_recollect"),
    path("engagements/<int:engagement_id>/state-data/", report_views.state_data, name="state_data"),
    path("practices/<int:practice_id>/reports/", report_views.practice_reports, name="practice_reports"),
    path("practices/<int:practice_id>/reports/<slug:report>.csv", report_views.report_download,
         name="report_download"),
]
