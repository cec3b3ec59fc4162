import datetime

from celery import shared_task
from django.utils import timezone

from . import jobs, services


@shared_task
def run_cadence(cadence: str, day: str | None = None) -> dict[str, str]:
    """Beat's entry point: run a cadence's jobs as of ``day`` (today by default)."""
    as_of = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return {name: repr(result) for name, result in jobs.run(cadence, as_of).items()}


@shared_task
def export_list(export_id: int) -> None:
    services.export_write(export_id=export_id)


@shared_task
def send_notification_emails() -> int:
    return services.send_pending_emails()


@jobs.scheduled("daily")
def retry_notification_emails(day: datetime.date) -> int:
    """Notices whose e-mail failed (mail server down) are sent again."""
    return services.send_pending_emails()


@jobs.scheduled("monthly", order=90)
def archive_bulletins(day: datetime.date) -> int:
    """On the 1st, the month just ended: the city's workbook and each county's, kept for download."""
    from grid.models import Region

    from .bulletin import archive, month_bounds

    last_month = month_bounds(day)[0] - datetime.timedelta(days=1)
    regions = Region.objects.filter(level__in=["city", "county"]).order_by("code")
    return sum(archive(last_month, region)[1] for region in regions)
