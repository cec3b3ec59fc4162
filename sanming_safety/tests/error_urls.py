"""The site's URLs plus a page that fails, to see the 500 page as an official would."""

from django.urls import path

from sanming_safety.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("database is down")


urlpatterns = [*urlpatterns, path("boom/", boom)]
