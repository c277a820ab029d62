from django.urls import path

from cocreate.measures import views

urlpatterns = [
    path("my/measures/", views.my_measures, name="my_measures"),
    path("measures/<int:administration_id>/", views.questionnaire, name="questionnaire"),
    path("measures/<int:administration_id>/answer/", views.questionnaire_answer, name="questionnaire_answer"),
    path("measures/<int:administration_id>/done/", views.questionnaire_done, name="questionnaire_done"),
    path("engagements/<int:engagement_id>/measures/", views.engagement_measures, name="engagement_measures"),
    path("engagements/<int:engagement_id>/measures/assign/", views.assign, name="measure_assign"),
    path("engagements/<int:engagement_id>/measures/assignments/<int:assignment_id>/end/", views.assignment_end,
         name="measure_assignment_end"),
    path("engagements/<int:engagement_id>/measures/flags/<int:flag_id>/resolve/", views.flag_resolve,
         name="flag_resolve"),
    path("engagements/<int:engagement_id>/measures/<slug:instrument>/chart.svg", views.chart, name="measure_chart"),
    path("practices/<int:practice_id>/crisis-resources/", views.crisis_resources, name="crisis_resources"),
    path("help/", views.get_help, name="get_help"),
]
