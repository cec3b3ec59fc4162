"""Scheduled jobs by cadence.

Each app registers plain functions of the day in its ``tasks.py`` with
``@scheduled("monthly")``. Beat runs a cadence through one Celery task, and
``manage.py run_jobs`` runs it by hand for any date; both end in ``run``.
"""

import datetime
import logging
import traceback
from collections.abc import Callable

from django.db.models import Max
from django.utils import timezone

from .discovery import app_modules
from .models import JobRun, Notification

CADENCES = ("daily", "monthly", "quarterly", "half-yearly", "yearly")
CADENCE_LABELS = {"daily": "每日", "monthly": "每月", "quarterly": "每季度", "half-yearly": "每半年", "yearly": "每年"}
logger = logging.getLogger(__name__)
_registry: dict[str, list[tuple[int, Callable[[datetime.date], object]]]] = {cadence: [] for cadence in CADENCES}


def scheduled(cadence: str, *, order: int = 50, label: str = ""):
    """Register ``function(day)`` to run at ``cadence``; lower ``order`` runs first.

    Jobs that report on what others record (the bulletin archive) take a high order.
    ``label`` names the job on the schedule page.
    """
    if cadence not in CADENCES:
        raise ValueError(f"unknown cadence {cadence!r}")

    def register(function):
        if label:
            function.label = label
        if all(registered is not function for _, registered in _registry[cadence]):
            _registry[cadence].append((order, function))
        return function

    return register


def jobs(cadence: str) -> list[Callable]:
    app_modules("tasks")  # importing an app's tasks.py registers its jobs
    return [function for _, function in sorted(_registry[cadence], key=lambda entry: entry[0])]


def name_of(job: Callable) -> str:
    return f"{job.__module__}.{job.__name__}"


def find(name: str) -> tuple[str, Callable] | None:
    """The cadence and the function of the job registered as ``name``."""
    for cadence in CADENCES:
        for job in jobs(cadence):
            if name_of(job) == name:
                return cadence, job
    return None


def run(cadence: str, day: datetime.date, *, by=None) -> dict[str, object]:
    """Run every job of ``cadence`` as of ``day``; one failing job does not stop the rest.

    Each run is recorded (``JobRun``) with its result or error and the notices it created,
    counted by id: notices written meanwhile by users are counted too, which a job's few
    seconds make rare. ``by`` is the administrator who ran it again by hand.
    """
    results: dict[str, object] = {}
    for job in jobs(cadence):
        name = name_of(job)
        record = JobRun.objects.create(cadence=cadence, day=day, job=name, by=by, notices_after=_last_notice())
        try:
            results[name] = job(day)
            record.status, record.result = JobRun.Status.DONE, repr(results[name])[:2000]
        except Exception as error:  # logged and reported; the other jobs still run
            logger.exception("job %s failed for %s", name, day)
            results[name] = error
            record.status, record.error = JobRun.Status.FAILED, traceback.format_exc()[-4000:]
        record.notices_until = max(_last_notice(), record.notices_after)
        record.notices = record.sent().count()
        record.finished_at = timezone.now()
        record.save()
    return results


def _last_notice() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0
