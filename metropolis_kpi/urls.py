from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.indicators.views import healthz

admin.site.site_header = "Metropolis KPI"
admin.site.site_title = "Metropolis KPI"

urlpatterns = [
    path("", include("apps.indicators.urls")),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
]
