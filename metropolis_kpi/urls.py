from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from apps.accounts.forms import AdminSignInForm, SignInForm
from apps.indicators.views import healthz

admin.site.site_header = "Metropolis KPI"
admin.site.site_title = "Metropolis KPI"
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("", include("apps.indicators.urls")),
    path("", include("apps.plans.urls")),
    # The public impact page and its embed cards: anyone, no sign-in.
    path("", include("apps.indicators.public_urls")),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Anyone may choose a language, on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
]
