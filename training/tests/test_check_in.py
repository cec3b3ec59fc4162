"""凭身份证明签到: the rules an attendee meets on the phone page, and the desk and API that share them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from training import services
from training.models import Attendance, Invitation

from .factories import EnterpriseFactory, WarningClassFactory, resident_id, running_class


def wrong_check_digit(id_number: str) -> str:
    return id_number[:-1] + ("1" if id_number[-1] != "1" else "2")


@pytest.fixture
def klass(cast):
    return running_class(cast.county)


@pytest.fixture
def invited(cast, klass):
    enterprise = EnterpriseFactory(region=cast.township_a, principal_name="李明")
    Invitation.objects.create(warning_class=klass, enterprise=enterprise)
    return enterprise


def post(client, klass, **data):
    return client.post(reverse("training:check_in", args=[klass.check_in_token]), data)


def test_an_invited_principal_checks_in_on_the_phone_page_without_logging_in(client, klass, invited):
    response = post(client, klass, id_number=invited.principal_id_number, name="李明")
    assert response.status_code == 200
    text = response.content.decode()
    assert "签到成功：李明" in text and invited.name in text
    assert invited.principal_id_number not in text, "the page shows the ID number masked"
    attendance = Attendance.objects.get(warning_class=klass)
    assert (attendance.enterprise, attendance.walk_in, attendance.region) == (invited, False, invited.region)
    assert attendance.invitation.enterprise == invited


def test_a_wrong_check_digit_is_refused_with_a_clear_message(client, klass, invited):
    response = post(client, klass, id_number=wrong_check_digit(invited.principal_id_number), name="李明")
    assert "身份证号码校验位错误，请核对。" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_second_check_in_of_the_same_person_is_refused(client, klass, invited):
    post(client, klass, id_number=invited.principal_id_number, name="李明")
    response = post(client, klass, id_number=invited.principal_id_number.lower(), name="李明")
    assert "已于" in response.content.decode() and "签到，不能重复签到。" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_a_principal_not_invited_is_recorded_as_a_walk_in(client, cast, klass, invited):
    other = EnterpriseFactory(region=cast.township_b, principal_name="王芳")
    response = post(client, klass, id_number=other.principal_id_number, name="王芳")
    assert "现场报名" in response.content.decode()
    attendance = Attendance.objects.get(id_number=other.principal_id_number)
    assert attendance.walk_in and attendance.invitation is None and attendance.region == cast.township_b


def test_someone_who_is_no_principal_walks_in_with_a_name(client, cast, klass):
    stranger = resident_id("350403", 777777)
    response = post(client, klass, id_number=stranger, name="")
    assert "请填写姓名" in response.content.decode()
    post(client, klass, id_number=stranger, name="村委 张华")
    attendance = Attendance.objects.get(id_number=stranger)
    assert attendance.walk_in and attendance.enterprise is None and attendance.region == cast.county


def test_a_name_that_is_not_the_principals_is_refused(client, klass, invited):
    response = post(client, klass, id_number=invited.principal_id_number, name="冒名")
    assert "姓名与该身份证号码登记的企业主要负责人不一致" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("hours", [-6, 5])
def test_check_in_outside_the_class_time_window_is_refused(client, cast, invited, hours):
    start = timezone.now() + datetime.timedelta(hours=hours)
    klass = WarningClassFactory(region=cast.county, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    Invitation.objects.create(warning_class=klass, enterprise=invited)
    page = client.get(reverse("training:check_in", args=[klass.check_in_token])).content.decode()
    assert "不在签到时间内" in page
    response = post(client, klass, id_number=invited.principal_id_number, name="李明")
    assert "不在签到时间内：本班签到时间为" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_window_opens_an_hour_before_the_class(cast, invited):
    start = timezone.now() + datetime.timedelta(minutes=50)
    klass = WarningClassFactory(region=cast.county, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    attendance = services.check_in(warning_class=klass, id_number=invited.principal_id_number)
    assert attendance.walk_in


def test_an_unknown_link_is_not_found(client, db):
    assert client.get(reverse("training:check_in", args=["nothing-here"])).status_code == 404


def test_the_desk_checks_in_for_its_own_class_only(login, cast, klass, invited):
    url = reverse("training:warning_class_desk_check_in", args=[klass.pk])
    data = {"id_number": invited.principal_id_number, "name": "李明"}
    assert login(cast.user_other_county).post(url, data).status_code == 404
    assert login(cast.user_a).post(url, data).status_code == 404
    response = login(cast.user_county).post(url, data, follow=True)
    assert "签到成功：李明" in response.content.decode()
    assert Attendance.objects.get().created_by == cast.user_county


def test_the_api_checks_in_and_refuses_a_repeat_in_the_same_words(client, cast, klass, invited):
    client.force_login(cast.user_county)
    url = f"/api/v1/training/classes/{klass.pk}/check-in/"
    first = client.post(url, {"id_number": invited.principal_id_number}, content_type="application/json")
    assert first.status_code == 201 and first.json()["walk_in"] is False
    again = client.post(url, {"id_number": invited.principal_id_number}, content_type="application/json")
    assert again.status_code == 400
    assert "不能重复签到" in again.json()["id_number"][0]
    client.force_login(cast.user_other_county)
    assert client.post(url, {"id_number": invited.principal_id_number}).status_code == 404


def test_the_service_refuses_a_repeat_even_between_the_check_and_the_save(klass, invited):
    services.check_in(warning_class=klass, id_number=invited.principal_id_number)
    with pytest.raises(ValidationError) as error:
        services.check_in(warning_class=klass, id_number=invited.principal_id_number)
    assert "不能重复签到" in str(error.value)


def test_an_address_that_keeps_failing_is_stopped_before_it_can_try_id_numbers(client, klass, invited, settings):
    from django.core.cache import cache

    from training.views import CHECK_IN_FAILURES

    # A cache of the test's own, so counting failures touches nothing shared (the broker's Redis).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "check-in"}}
    for _ in range(CHECK_IN_FAILURES.limit):
        post(client, klass, id_number=wrong_check_digit(invited.principal_id_number), name="李明")
    response = post(client, klass, id_number=invited.principal_id_number, name="李明")
    assert "尝试次数过多" in response.content.decode()
    assert not Attendance.objects.exists()
    cache.clear()
    assert "签到成功：李明" in post(client, klass, id_number=invited.principal_id_number, name="李明").content.decode()
