"""The job schedule as administrators see it: each registered job, its beat time, last run and last failure."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

from . import jobs
from .choices import Role
from .models import JobRun
from .scoping import official_of

# Administrators see the schedule and run a cadence again; the city committee (市安委办) looks on.
SCHEDULE_WRITERS = frozenset({Role.ADMIN})
SCHEDULE_READERS = frozenset({Role.ADMIN, Role.CITY_COMMITTEE})


def may_see(user) -> bool:
    official = official_of(user)
    return user.is_superuser or (official is not None and official.role in SCHEDULE_READERS)


def may_run(user) -> bool:
    official = official_of(user)
    return user.is_superuser or (official is not None and official.role in SCHEDULE_WRITERS)


def describe(schedule) -> str:
    """A beat crontab in words: "每天 01:00", "每月1日 02:00", "1、4、7、10月1日 03:00"."""
    minute, hour = str(schedule._orig_minute), str(schedule._orig_hour)
    day, month = str(schedule._orig_day_of_month), str(schedule._orig_month_of_year)
    when = f"{int(hour):02d}:{int(minute):02d}" if hour.isdigit() and minute.isdigit() else f"{hour}时{minute}分"
    if day == "*":
        return f"每天 {when}"
    months = "每月" if month == "*" else month.replace(",", "、") + "月"
    return f"{months}{day}日 {when}"


def beat_times() -> dict[str, str]:
    """Cadence → when beat starts it, from ``CELERY_BEAT_SCHEDULE``."""
    times = {}
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        if entry["task"] == "base.tasks.run_cadence" and entry.get("args"):
            times[entry["args"][0]] = describe(entry["schedule"])
    return times


@dataclass
class JobRow:
    name: str
    label: str
    cadence: str
    last: JobRun | None
    failure: JobRun | None


@dataclass
class Cadence:
    cadence: str
    label: str
    beat: str
    jobs: list[JobRow]


def schedule() -> list[Cadence]:
    """Every cadence with its registered jobs, each with its last run and last failure (three queries)."""
    registered = {cadence: jobs.jobs(cadence) for cadence in jobs.CADENCES}
    names = [jobs.name_of(job) for functions in registered.values() for job in functions]
    runs = JobRun.objects.filter(job__in=names).order_by().values_list("job")
    last_ids = dict(runs.annotate(last=Max("pk")))
    failed_ids = dict(runs.filter(status=JobRun.Status.FAILED).annotate(last=Max("pk")))
    found = JobRun.objects.in_bulk([*last_ids.values(), *failed_ids.values()])
    last = {job: found[pk] for job, pk in last_ids.items()}
    failures = {job: found[pk] for job, pk in failed_ids.items()}
    times = beat_times()
    return [
        Cadence(
            cadence,
            jobs.CADENCE_LABELS[cadence],
            times.get(cadence, "未排程"),
            [
                JobRow(
                    jobs.name_of(job),
                    getattr(job, "label", "") or jobs.name_of(job),
                    cadence,
                    last.get(jobs.name_of(job)),
                    failures.get(jobs.name_of(job)),
                )
                for job in functions
            ],
        )
        for cadence, functions in registered.items()
    ]


def recipients(run: JobRun) -> list[dict]:
    """How many of a run's notices went to each role in each region: [{region, role, count}]."""
    rows = (
        run.sent()
        .values("recipient__official__region__name", "recipient__official__role")
        .annotate(count=Count("pk"))
        .order_by("recipient__official__region__name", "recipient__official__role")
    )
    return [
        {
            "region": row["recipient__official__region__name"] or "—",
            "role": Role.label(row["recipient__official__role"]) if row["recipient__official__role"] else "—",
            "count": row["count"],
        }
        for row in rows
    ]


def parse_day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
