import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from base import jobs
from base.tasks import run_cadence


@pytest.fixture
def recorded(monkeypatch):
    calls = []
    registry = {cadence: [] for cadence in jobs.CADENCES}
    monkeypatch.setattr(jobs, "_registry", registry)
    monkeypatch.setattr(jobs, "app_modules", lambda name: [])

    @jobs.scheduled("monthly")
    def remind(day):
        calls.append(day)
        return "sent"

    return calls


def test_run_jobs_runs_a_cadence_as_of_a_date(recorded, db, capsys):
    call_command("run_jobs", "monthly", "--date", "2026-11-01")
    assert recorded == [datetime.date(2026, 11, 1)]
    assert "remind: sent" in capsys.readouterr().out


def test_one_failing_job_does_not_stop_the_others_but_fails_the_command(recorded, db):
    @jobs.scheduled("monthly")
    def broken(day):
        raise RuntimeError("boom")

    with pytest.raises(CommandError):
        call_command("run_jobs", "monthly", "--date", "2026-11-01")
    assert recorded == [datetime.date(2026, 11, 1)]


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_jobs", "daily", "--date", "2026-13-01")


def test_beat_runs_the_same_cadences(recorded, db):
    cadences = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == run_cadence.name]
    scheduled = {entry["args"][0] for entry in cadences}
    assert scheduled == set(jobs.CADENCES)
    assert run_cadence.delay("monthly", "2026-11-01").get() == {"base.tests.test_jobs.remind": "'sent'"}


def test_every_app_registers_its_jobs(db):
    names = {f"{job.__module__}.{job.__name__}" for job in jobs.jobs("daily")}
    assert "base.tasks.retry_notification_emails" in names


def test_jobs_that_report_run_after_those_that_record(recorded, db):
    order = []

    @jobs.scheduled("monthly", order=90)
    def archive(day):
        order.append("archive")

    @jobs.scheduled("monthly")
    def freeze(day):
        order.append("freeze")

    jobs.run("monthly", datetime.date(2026, 11, 1))
    assert order == ["freeze", "archive"]
