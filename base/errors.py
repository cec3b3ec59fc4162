"""Error pages an official can act on: Chinese, in the site's shell, with the way back.

Django calls these for 403, 404, 500 and a failed CSRF check (``handler403`` … in the
root URLconf, ``CSRF_FAILURE_VIEW``). The 500 page renders without the request's
context, so it needs no database: the error may be the database.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token


def back_url(request) -> str:
    """Where the official came from, if it is on this site and not this page; else the page one level up."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path != request.path:
            return target
    parent = request.path.rstrip("/").rsplit("/", 1)[0]
    return f"{parent}/" if parent else ""


def _message(exception) -> str:
    # Our own refusals carry a Chinese message; Django's internal ones are English and stay unsaid.
    text = str(exception) if exception is not None else ""
    return text if text and not text.isascii() else ""


@requires_csrf_token
def permission_denied(request, exception=None):
    template = loader.get_template("403.html")
    context = {"message": _message(exception), "back": back_url(request)}
    return HttpResponseForbidden(template.render(context, request))


@requires_csrf_token
def page_not_found(request, exception=None):
    """A path that matches nothing: under /api/ the API's own 404 (JSON, as the schema declares), else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "未找到。"}, status=404)
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"back": back_url(request)}, request))


def server_error(request):
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"back": back_url(request)}))


def csrf_failure(request, reason: str = ""):
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({"back": back_url(request)}, request))
