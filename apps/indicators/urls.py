from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/<int:year>/", views.dashboard, name="dashboard"),
    path("api/indicators/<int:year>/", views.api_indicators, name="api_indicators"),
]
