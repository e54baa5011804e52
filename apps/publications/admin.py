from django.contrib import admin

from apps.common.admin_base import ModelAdmin

from .models import Declaration, Publication


@admin.register(Publication)
class PublicationAdmin(ModelAdmin):
    list_display = (
        "code",
        "title",
        "kind",
        "published_on",
        "has_gender_perspective",
        "languages",
    )
    list_filter = ("kind", "has_gender_perspective", "published_on")
    search_fields = ("code", "title")
    date_hierarchy = "published_on"


@admin.register(Declaration)
class DeclarationAdmin(ModelAdmin):
    list_display = ("code", "title", "role", "adopted_on", "has_gender_perspective")
    list_filter = ("role", "has_gender_perspective", "adopted_on")
    search_fields = ("code", "title")
    date_hierarchy = "adopted_on"
