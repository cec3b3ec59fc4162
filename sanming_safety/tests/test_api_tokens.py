"""API tokens expire, are revoked by logout and by a password change, and are stored as digests."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from grid.tests.factories import EnterpriseFactory

ENTERPRISES = "/api/v1/grid/enterprises/"


@pytest.fixture
def official(cast):
    user = cast.user_a
    user.set_password("Zq8!mx2Lp")
    user.save()
    EnterpriseFactory(region=cast.township_a)
    return user


def obtain(client, user) -> str:
    response = client.post(reverse("api_token"), {"username": user.username, "password": "Zq8!mx2Lp"})
    assert response.status_code == 200
    return response.json()["token"]


def get(client, token):
    """The API as a client holding only ``token`` (no session cookie) sees it."""
    return Client().get(ENTERPRISES, HTTP_AUTHORIZATION=f"Token {token}")


def refused(response) -> bool:
    return response.status_code == 403 and response.json() == {"detail": "认证令牌无效。"}


def test_a_token_from_username_and_password_reads_the_api(official, client):
    token = obtain(client, official)
    assert get(client, token).json()["count"] == 1


def test_a_token_expires_after_seven_days(official, client):
    token = obtain(client, official)
    expiry = AuthToken.objects.get(user=official).expiry
    assert datetime.timedelta(days=6, hours=23) < expiry - timezone.now() <= datetime.timedelta(days=7)
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert refused(get(client, token))


def test_a_token_is_stored_as_a_digest_only(official, client):
    token = obtain(client, official)
    stored = AuthToken.objects.get(user=official)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128  # SHA-512


def test_api_logout_revokes_the_token(official, client):
    token = obtain(client, official)
    response = client.post(reverse("api_token_logout"), HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 204
    assert refused(get(client, token))


def test_web_logout_revokes_the_users_tokens(official, client):
    token = obtain(client, official)
    client.force_login(official)
    client.post(reverse("logout"))
    assert refused(get(client, token))


def test_a_password_change_revokes_the_users_tokens(official, client):
    token = obtain(client, official)
    client.force_login(official)
    response = client.post(
        reverse("password_change"),
        {"old_password": "Zq8!mx2Lp", "new_password1": "Nw7#kd4Qr", "new_password2": "Nw7#kd4Qr"},
    )
    assert response.status_code == 302
    assert refused(get(client, token))


def test_saving_a_user_without_changing_the_password_keeps_the_tokens(official, client):
    token = obtain(client, official)
    official.email = "a@example.gov.cn"
    official.save()
    assert get(client, token).status_code == 200


def test_an_administrator_sees_and_revokes_tokens_in_the_admin(official, client):
    token = obtain(client, official)
    stored = AuthToken.objects.get(user=official)
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    listing = client.get(reverse("admin:knox_authtoken_changelist")).content.decode()
    assert official.username in listing and token not in listing
    client.post(reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"})
    assert refused(get(client, token))
