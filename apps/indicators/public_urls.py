"""The public pages (see public.py): no sign-in, published figures only."""

from django.urls import path

from . import public
from . import urls as _indicator_urls  # noqa: F401  registers the "indicator" converter

app_name = "public"

urlpatterns = [
    path("public/", public.index, name="index"),
    path("public/<int:year>/", public.year_page, name="year"),
    path("public/<int:year>.json", public.year_json, name="year_json"),
    path("embed/<int:year>/<indicator:code>/", public.embed, name="embed"),
]
