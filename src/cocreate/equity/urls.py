from django.urls import URLPattern, URLResolver

from cocreate.equity import fees_views, fund_views, public_views

urlpatterns: list[URLPattern | URLResolver] = [
    *public_views.urlpatterns,
    *fees_views.urlpatterns,
    *fund_views.urlpatterns,
]
