"""Users, groups and sign-in attempts, in the admin with the project's fixes.

Django and django-axes register these models themselves; they are registered
again here on the same admin classes plus apps.common.admin_base's fixes
for malformed input. This module is imported after theirs: "apps.accounts"
comes after "axes" in INSTALLED_APPS.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User

from apps.common.admin_base import SafeInputMixin

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
