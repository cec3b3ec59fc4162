"""Scheduled jobs by cadence.

Each app registers plain functions of the day in its ``tasks.py`` with
``@scheduled("monthly")``. Beat runs a cadence through one Celery task, and
``manage.py run_jobs`` runs it by hand for any date; both end in ``run``.
"""

import datetime
import logging
from collections.abc import Callable

from .discovery import app_modules

CADENCES = ("daily", "monthly", "quarterly", "half-yearly", "yearly")
logger = logging.getLogger(__name__)
_registry: dict[str, list[tuple[int, Callable[[datetime.date], object]]]] = {cadence: [] for cadence in CADENCES}


def scheduled(cadence: str, *, order: int = 50):
    """Register ``function(day)`` to run at ``cadence``; lower ``order`` runs first.

    Jobs that report on what others record (the bulletin archive) take a high order.
    """
    if cadence not in CADENCES:
        raise ValueError(f"unknown cadence {cadence!r}")

    def register(function):
        if all(registered is not function for _, registered in _registry[cadence]):
            _registry[cadence].append((order, function))
        return function

    return register


def jobs(cadence: str) -> list[Callable]:
    app_modules("tasks")  # importing an app's tasks.py registers its jobs
    return [function for _, function in sorted(_registry[cadence], key=lambda entry: entry[0])]


def run(cadence: str, day: datetime.date) -> dict[str, object]:
    """Run every job of ``cadence`` as of ``day``; one failing job does not stop the rest."""
    results: dict[str, object] = {}
    for job in jobs(cadence):
        name = f"{job.__module__}.{job.__name__}"
        try:
            results[name] = job(day)
        except Exception as error:  # logged and reported; the other jobs still run
            logger.exception("job %s failed for %s", name, day)
            results[name] = error
    return results
