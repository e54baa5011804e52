"""Users, groups, sign-in attempts and API tokens in the admin.

Django and django-axes register these models themselves; they are registered
again here on the same admin classes plus apps.common.admin_base's fixes
for malformed input. This module is imported after theirs: "apps.accounts"
comes after "axes" in INSTALLED_APPS.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.accounts import tokens
from apps.accounts.models import ApiToken
from apps.common.admin_base import ModelAdmin, SafeInputMixin

for model, model_admin in [
    (User, auth_admin.UserAdmin),
    (Group, auth_admin.GroupAdmin),
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(
        model, type(model_admin.__name__, (SafeInputMixin, model_admin), {})
    )


class TokenStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() in {"active", "revoked"}:
            return queryset.filter(revoked_at__isnull=self.value() == "active")
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(ModelAdmin):
    """Each user makes, names and revokes their own tokens; a superuser sees all.

    The key is shown once, on the page that answers the creation, and kept
    nowhere (not in a message, which would travel in a cookie).
    """

    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "status"]
    list_filter = [TokenStatusFilter]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    actions = ["revoke"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        if request.user.is_superuser:
            return tokens
        return tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name"]
        return ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["user", "prefix", "created_at", "last_used_at", "revoked_at"]

    @admin.display(description=gettext_lazy("status"), ordering="revoked_at")
    def status(self, token: ApiToken) -> str:
        return _("Revoked") if token.is_revoked else _("Active")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = request.user
            request.api_token_key = tokens.give_key(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        response = TemplateResponse(
            request,
            "admin/accounts/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("API token created"),
                "token": obj,
                "key": request.api_token_key,
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(
        description=gettext_lazy("Revoke the selected tokens"), permissions=["change"]
    )
    def revoke(self, request, queryset):
        count = tokens.revoke_api_tokens(queryset)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
