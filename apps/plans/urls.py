from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<slug:code>/", views.plan_detail, name="plan_detail"),
    path(
        "plans/<slug:code>.csv",
        views.plan_export,
        {"extension": "csv"},
        name="plan_export_csv",
    ),
    path(
        "plans/<slug:code>.xlsx",
        views.plan_export,
        {"extension": "xlsx"},
        name="plan_export_xlsx",
    ),
    path("api/plans/", views.api_plans, name="api_plans"),
    path("api/plans/<slug:code>/", views.api_plan, name="api_plan"),
]
