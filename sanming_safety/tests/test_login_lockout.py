"""Repeated failed logins lock the account and the address, for the login page and the API token alike."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

LOCKED = "登录失败次数过多，已暂停登录30分钟"


@pytest.fixture
def official(cast):
    user = cast.user_a
    user.set_password("Zq8!mx2Lp")
    user.save()
    return user


def web_login(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def api_token(client, username, password, address="10.0.0.1"):
    return client.post(reverse("api_token"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_five_failures_the_right_password_is_refused_on_the_login_page(official, client):
    for _ in range(4):
        response = web_login(client, official.username, "wrong")
        assert "用户名或密码不正确" in response.content.decode()
    assert LOCKED in web_login(client, official.username, "wrong").content.decode()  # the fifth locks
    response = web_login(client, official.username, "Zq8!mx2Lp")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_any_address(official, client):
    for index in range(5):
        web_login(client, official.username, "wrong", address=f"10.0.0.{index + 1}")
    response = web_login(client, official.username, "Zq8!mx2Lp", address="10.9.9.9")
    assert LOCKED in response.content.decode()


def test_an_address_is_locked_whatever_account_it_tries(official, client):
    for index in range(5):
        web_login(client, f"guess{index}", "wrong", address="10.6.6.6")
    assert LOCKED in web_login(client, official.username, "Zq8!mx2Lp", address="10.6.6.6").content.decode()
    assert web_login(client, official.username, "Zq8!mx2Lp", address="10.7.7.7").status_code == 302


def test_after_five_failures_the_api_refuses_a_token_even_for_the_right_password(official, client):
    for _ in range(4):
        assert api_token(client, official.username, "wrong").status_code == 400
    assert api_token(client, official.username, "wrong").status_code == 429  # the fifth locks
    response = api_token(client, official.username, "Zq8!mx2Lp")
    assert response.status_code == 429
    assert response.json()["detail"].startswith(LOCKED)


def test_failures_on_the_api_and_the_page_count_together(official, client):
    for _ in range(3):
        api_token(client, official.username, "wrong")
    for _ in range(2):
        web_login(client, official.username, "wrong")
    assert api_token(client, official.username, "Zq8!mx2Lp").status_code == 429


def test_an_administrator_unlocks_in_the_admin(official, client):
    for _ in range(5):
        web_login(client, official.username, "wrong")
    attempt = AccessAttempt.objects.get(username=official.username)
    client.force_login(get_user_model().objects.create_superuser("root", password="x"))
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert official.username in listing.content.decode()
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    client.logout()
    assert web_login(client, official.username, "Zq8!mx2Lp").status_code == 302


def test_the_lockout_passes_after_the_cool_off(official, client):
    for _ in range(5):
        web_login(client, official.username, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert web_login(client, official.username, "Zq8!mx2Lp").status_code == 302
