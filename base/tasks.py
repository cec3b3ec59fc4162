import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from . import jobs, services


@shared_task
def run_cadence(cadence: str, day: str | None = None, by: int | None = None) -> dict[str, str]:
    """Beat's entry point: run a cadence's jobs as of ``day`` (today by default); ``by``, an administrator
    who asked for it again."""
    as_of = datetime.date.fromisoformat(day) if day else timezone.localdate()
    user = get_user_model().objects.filter(pk=by).first() if by else None
    return {name: repr(result) for name, result in jobs.run(cadence, as_of, by=user).items()}


@shared_task
def export_list(export_id: int) -> None:
    services.export_write(export_id=export_id)


@shared_task
def import_check(job_id: int) -> None:
    services.import_check(job_id=job_id)


@shared_task
def import_apply(job_id: int) -> None:
    services.import_apply(job_id=job_id)


@shared_task
def send_notification_emails() -> int:
    return services.send_pending_emails()


@jobs.scheduled("daily", label="重发失败的通知邮件")
def retry_notification_emails(day: datetime.date) -> int:
    """Notices whose e-mail failed (mail server down) are sent again."""
    return services.send_pending_emails()
