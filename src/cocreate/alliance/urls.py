from django.urls import URLPattern, URLResolver

from cocreate.alliance import endings_views, feedback_views, identity_views, ruptures_views

urlpatterns: list[URLPattern | URLResolver] = [
    *feedback_views.urlpatterns,
    *ruptures_views.urlpatterns,
    *endings_views.urlpatterns,
    *identity_views.urlpatterns,
]
