"""定时任务: administrators see every scheduled job, its runs, its notices and its failures, and run a cadence again."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from base import jobs, views
from base.models import JobRun, Notification
from hazards.tests.factories import HazardFactory

DAY = datetime.date(2026, 11, 1)


def broken_job(day: datetime.date) -> int:
    raise RuntimeError("邮件服务器无法连接")


@pytest.fixture
def failing_daily_job(monkeypatch):
    monkeypatch.setitem(jobs._registry, "daily", [*jobs._registry["daily"], (99, broken_job)])
    return jobs.name_of(broken_job)


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_the_page_shows_every_registered_job_with_its_beat_time(cast, login):
    page = login(cast.user_admin).get(reverse("job_schedule"))
    text = page.content.decode()
    assert f'href="{reverse("job_schedule")}">定时任务</a>' in text
    for cadence in jobs.CADENCES:
        for job in jobs.jobs(cadence):
            assert jobs.name_of(job) in text
            assert reverse("job_runs", args=[jobs.name_of(job)]) in text
    assert "逾期隐患提醒" in text
    assert "每日</strong> · 每天 01:00" in text
    assert "每季度</strong> · 1、4、7、10月1日 03:00" in text
    assert text.count("尚未运行") == sum(len(jobs.jobs(c)) for c in jobs.CADENCES)


def test_a_run_is_recorded_with_the_notices_it_sent_and_who_received_them(cast, login):
    late = HazardFactory(region=cast.township_a, deadline=DAY - datetime.timedelta(days=2))
    call_command("run_jobs", "daily", "--date", DAY.isoformat())
    run = JobRun.objects.get(job="hazards.tasks.notify_overdue_hazards")
    assert (run.cadence, run.day, run.status, run.notices, run.by) == ("daily", DAY, JobRun.Status.DONE, 1, None)
    assert list(run.sent().values_list("recipient", "object_id")) == [(cast.user_a.pk, late.pk)]
    page = login(cast.user_admin).get(reverse("job_runs", args=[run.job]))
    text = page.content.decode()
    assert "通知 1 条" in text
    assert page.context["recipients"] == [{"region": "列东街道", "role": "乡镇（街道）", "count": 1}]
    assert late.title in text


def test_a_failing_job_shows_its_error_and_the_others_still_run(cast, login, eager, failing_daily_job):
    HazardFactory(region=cast.township_a, deadline=DAY - datetime.timedelta(days=2))
    client = login(cast.user_admin)
    response = client.post(reverse("job_schedule"), {"cadence": "daily", "day": DAY.isoformat()}, follow=True)
    text = response.content.decode()
    assert "新发出通知 1 条，失败 1 项" in text
    failed = JobRun.objects.get(job=failing_daily_job)
    assert failed.status == JobRun.Status.FAILED
    assert "RuntimeError: 邮件服务器无法连接" in failed.error
    assert "RuntimeError: 邮件服务器无法连接" in text
    assert JobRun.objects.get(job="hazards.tasks.notify_overdue_hazards").status == JobRun.Status.DONE
    detail = client.get(reverse("job_runs", args=[failing_daily_job])).content.decode()
    assert "邮件服务器无法连接" in detail


def test_running_a_day_again_sends_nothing_twice(cast, login, eager):
    HazardFactory(region=cast.township_a, deadline=DAY - datetime.timedelta(days=2))
    client = login(cast.user_admin)
    for _ in range(2):
        response = client.post(reverse("job_schedule"), {"cadence": "daily", "day": DAY.isoformat()}, follow=True)
    assert "新发出通知 0 条。" in response.content.decode()
    assert Notification.objects.filter(kind="hazard_overdue").count() == 1
    runs = JobRun.objects.filter(job="hazards.tasks.notify_overdue_hazards").order_by("pk")
    assert [(run.notices, run.by) for run in runs] == [(1, cast.user_admin), (0, cast.user_admin)]


def test_with_a_worker_the_run_is_queued(cast, login, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(views.run_cadence, "delay", lambda *args, **kwargs: queued.append((args, kwargs)))
    response = login(cast.user_admin).post(reverse("job_schedule"), {"cadence": "monthly", "day": "2026-11-01"})
    assert response.status_code == 302
    assert queued == [(("monthly", "2026-11-01"), {"by": cast.user_admin.pk})]
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("day", ["", "2026-13-01", "2999-01-01"])
def test_a_bad_date_runs_nothing(cast, login, eager, day):
    response = login(cast.user_admin).post(reverse("job_schedule"), {"cadence": "daily", "day": day}, follow=True)
    assert "日期" in response.content.decode()
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("member", ["user_a", "user_county", "user_department", "user_leader"])
def test_others_are_refused(cast, login, member, eager):
    client = login(getattr(cast, member))
    assert reverse("job_schedule") not in client.get("/").content.decode()
    assert client.get(reverse("job_schedule")).status_code == 403
    assert client.get(reverse("job_runs", args=["hazards.tasks.notify_overdue_hazards"])).status_code == 403
    assert client.post(reverse("job_schedule"), {"cadence": "daily", "day": DAY.isoformat()}).status_code == 403
    assert not JobRun.objects.exists()


def test_the_city_committee_looks_on_but_does_not_run(cast, login, eager):
    client = login(cast.user_city)
    page = client.get(reverse("job_schedule"))
    assert page.status_code == 200
    assert "按此日期重新运行" not in page.content.decode()
    assert client.post(reverse("job_schedule"), {"cadence": "daily", "day": DAY.isoformat()}).status_code == 403
    assert not JobRun.objects.exists()


def test_an_unknown_job_is_not_found(cast, login):
    assert login(cast.user_admin).get(reverse("job_runs", args=["nothing.here"])).status_code == 404
