"""Logins and API tokens: lockout after repeated failures (django-axes), tokens that expire (django-rest-knox).

Both the login page and ``POST /api/token/`` authenticate through axes, so
failures count per account and per address alike. Tokens are stored as
digests, expire after ``API_TOKEN_TTL_DAYS``, and are revoked when their user
logs out or changes password.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from knox.models import AuthToken
from knox.views import LogoutView
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return f"登录失败次数过多，已暂停登录{minutes}分钟（期间即使密码正确也无法登录）。如需立即解锁，请联系系统管理员。"


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out login gets: the login page with the reason, or JSON for the API; 429 either way."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "lockout": message, "next": request.POST.get("next", "")}
    response = TemplateResponse(request, "registration/login.html", context, status=429)
    return response.render()


class TokenObtainView(APIView):
    """Username and password → an API token, sent as ``Authorization: Token <token>`` until it expires."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer(
                "ApiToken", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            ),
            429: inline_serializer("ApiTokenLockedOut", {"detail": serializers.CharField()}),
        },
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # axes marks the request it refused, whatever the password was.
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": lockout_message()}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        instance, token = AuthToken.objects.create(serializer.validated_data["user"])
        return Response({"token": token, "expiry": instance.expiry})


@extend_schema(request=None, responses={204: None})
class TokenLogoutView(LogoutView):
    """Log out an API client: its user's tokens are revoked (``revoke_tokens_on_logout``)."""


def revoke_tokens(*, user) -> int:
    """Delete every API token of ``user``; returns how many there were."""
    return AuthToken.objects.filter(user=user).delete()[0]


@receiver(user_logged_out)
def revoke_tokens_on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        revoke_tokens(user=user)


@receiver(pre_save, sender=get_user_model())
def revoke_tokens_on_password_change(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        revoke_tokens(user=instance)
