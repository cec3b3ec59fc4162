import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base import services
from base.models import Notification
from grid.models import Official
from grid.tests.factories import EnterpriseFactory


@pytest.fixture
def enterprise(cast):
    return EnterpriseFactory(region=cast.township_a)


def test_covering_picks_only_officials_whose_jurisdiction_holds_the_region(cast):
    users = {o.user for o in Official.objects.covering(cast.township_a)}
    assert cast.user_a in users and cast.user_county in users and cast.user_city in users
    assert cast.user_b not in users and cast.user_other_county not in users
    leaders = {o.user for o in Official.objects.covering(cast.township_a, roles=["leader"])}
    assert leaders == {cast.user_leader}


def test_notify_writes_a_notice_and_emails_once(cast, enterprise, django_capture_on_commit_callbacks):
    cast.user_a.email = "a@example.gov.cn"
    cast.user_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify([cast.user_a, cast.user_county], "overdue", enterprise, "隐患已逾期")
    assert created == 2
    notice = Notification.objects.get(recipient=cast.user_a)
    assert notice.url == enterprise.get_absolute_url() and notice.subject == enterprise
    assert [m.to for m in mail.outbox] == [["a@example.gov.cn"]]
    assert services.send_pending_emails() == 0


def test_a_period_key_makes_a_job_harmless_to_repeat(cast, enterprise):
    for _ in range(3):
        services.notify([cast.user_a], "monthly", enterprise, "本月提醒", period="2026-11")
    services.notify([cast.user_a], "monthly", enterprise, "下月提醒", period="2026-12")
    assert Notification.objects.filter(recipient=cast.user_a).count() == 2


def test_a_failed_email_is_retried_later(cast, enterprise, settings, monkeypatch):
    cast.user_a.email = "a@example.gov.cn"
    cast.user_a.save()
    services.notify([cast.user_a], "overdue", enterprise, "隐患已逾期")

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    assert services.send_pending_emails() == 0
    monkeypatch.undo()
    assert services.send_pending_emails() == 1
    assert len(mail.outbox) == 1


def test_inbox_shows_own_notices_with_unread_count(cast, enterprise, login):
    services.notify([cast.user_a], "overdue", enterprise, "列东的通知")
    services.notify([cast.user_b], "overdue", None, "列西的通知")
    client = login(cast.user_a)
    response = client.get(reverse("notification_list"))
    assert [n.text for n in response.context["object_list"]] == ["列东的通知"]
    assert response.context["unread_notifications"] == 1
    notice = Notification.objects.get(recipient=cast.user_a)
    response = client.post(reverse("notification_read"), {"id": notice.pk, "next": notice.url})
    assert response.url == enterprise.get_absolute_url()
    assert client.get(reverse("notification_list")).context["unread_notifications"] == 0


def test_notices_api_lists_only_the_callers(cast, client):
    services.notify([cast.user_a], "x", None, "给列东")
    services.notify([cast.user_b], "x", None, "给列西")
    client.force_login(cast.user_b)
    results = client.get("/api/v1/notifications/").json()["results"]
    assert [r["text"] for r in results] == ["给列西"]
    other = Notification.objects.get(recipient=cast.user_a)
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404


def test_reading_a_notice_never_redirects_off_site(cast, login):
    services.notify([cast.user_a], "x", None, "通知")
    notice = Notification.objects.get()
    response = login(cast.user_a).post(reverse("notification_read"), {"id": notice.pk, "next": "/\\evil.example"})
    assert response.url == reverse("notification_list")


def test_values_read_as_an_official_reads_them():
    import datetime

    from base.history import plain

    moment = datetime.datetime(2026, 11, 28, 4, 5, tzinfo=datetime.UTC)
    assert plain(moment) == "2026-11-28 12:05"
    assert plain(datetime.date(2026, 1, 2)) == "2026-01-02"
    assert (plain(True), plain(None), plain(["甲", "乙"])) == ("是", "—", "甲、乙")


def test_notify_counts_only_the_notices_it_stored_when_another_run_races(cast, enterprise, monkeypatch):
    from base.models import NotificationQuerySet

    original = NotificationQuerySet.values_list

    def another_run_stores_meanwhile(self, *args, **kwargs):
        seen = list(original(self, *args, **kwargs))
        monkeypatch.setattr(NotificationQuerySet, "values_list", original)
        assert services.notify([cast.user_a], "monthly", enterprise, "本月提醒", period="2026-11") == 1
        return seen

    monkeypatch.setattr(NotificationQuerySet, "values_list", another_run_stores_meanwhile)
    stored = services.notify([cast.user_a, cast.user_county], "monthly", enterprise, "本月提醒", period="2026-11")
    assert stored == 1
    assert Notification.objects.filter(recipient=cast.user_a).count() == 1
    assert Notification.objects.filter(recipient=cast.user_county).count() == 1


def test_e_mailing_notices_costs_the_same_queries_for_two_or_six(cast, mailoutbox):
    def queries_to_send(count: int) -> int:
        for n in range(count):
            services.notify([cast.user_a], "test", None, f"通知{n}")
        with CaptureQueriesContext(connection) as captured:
            assert services.send_pending_emails() == count
        return len(captured)

    cast.user_a.email = "a@example.org"
    cast.user_a.save()
    assert queries_to_send(2) == queries_to_send(6)
    assert len(mailoutbox) == 8
    assert services.send_pending_emails() == 0
