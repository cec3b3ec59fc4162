"""Services of the shared mechanisms: notices, background exports and background imports."""

import logging
import smtplib
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.http import QueryDict
from django.urls import resolve
from django.utils import timezone

from .excel import ImportResult, RowError, write_workbook
from .models import Export, ImportJob, Notification
from .privacy import Viewer
from .scoping import OutOfJurisdiction

logger = logging.getLogger(__name__)


@dataclass
class Notice:
    """One item's notice for ``notify_each``: who hears of ``obj``, what they read, and its period."""

    recipients: Iterable
    obj: models.Model | None
    text: str
    period: str = ""
    url: str = ""


def notify(
    recipients: Iterable, kind: str, obj: models.Model | None, text: str, *, period: str = "", url: str = ""
) -> int:
    """Write an in-app notice to each recipient and queue its e-mail.

    With ``period`` set, a recipient gets at most one notice of ``kind`` about
    ``obj`` in that period, however often the caller runs. Recipients are
    users; pick them with ``Official.objects.covering`` so nobody hears of
    records outside their jurisdiction. Returns how many notices are new.
    """
    return notify_each(kind, [Notice(recipients=recipients, obj=obj, text=text, period=period, url=url)])


def notify_each(kind: str, notices: Iterable[Notice]) -> int:
    """``notify`` for many items of one kind at once: one query for the keys already sent, one insert.

    Periodic jobs call it per batch, so their query count does not grow with the items.
    """
    rows, anyone_emailed = [], False
    for notice in notices:
        recipients = {user.pk: user for user in notice.recipients if user is not None and user.is_active}
        if not recipients:
            continue
        obj = notice.obj
        content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
        url = notice.url
        if not url and obj is not None and hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
        key = (
            f"{kind}:{content_type.pk if content_type else '-'}:{obj.pk if obj is not None else '-'}:{notice.period}"
            if notice.period
            else ""
        )
        anyone_emailed = anyone_emailed or any(user.email for user in recipients.values())
        rows += [
            Notification(
                recipient_id=user_id,
                kind=kind,
                text=notice.text,
                url=url,
                content_type=content_type,
                object_id=obj.pk if obj is not None else None,
                key=key,
            )
            for user_id in recipients
        ]
    keyed = [row for row in rows if row.key]
    existing = set()
    if keyed:
        existing = set(
            Notification.objects.filter(
                recipient_id__in={row.recipient_id for row in keyed}, key__in={row.key for row in keyed}
            ).values_list("recipient_id", "key")
        )
    new = [row for row in rows if not row.key or (row.recipient_id, row.key) not in existing]
    stored = _store_notices(new) if new else 0
    if stored and anyone_emailed:
        # By name: tasks.py calls these services, so importing it here would be a cycle.
        transaction.on_commit(current_app.tasks["base.tasks.send_notification_emails"].delay)
    return stored


def _store_notices(notices: list[Notification]) -> int:
    """Insert ``notices``, skipping any whose key another run stored meanwhile; returns how many were stored.

    ``bulk_create(ignore_conflicts=True)`` cannot tell how many rows it
    skipped, so a conflict (rare: the caller filtered existing keys) falls
    back to one insert per notice.
    """
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(notices)
        return len(notices)
    except IntegrityError:
        pass
    stored = 0
    for notice in notices:
        notice.pk = None
        try:
            with transaction.atomic():
                notice.save(force_insert=True)
        except IntegrityError:
            continue
        stored += 1
    return stored


def send_pending_emails(*, batch_size: int = 500) -> int:
    """E-mail notices not yet e-mailed; a batch is claimed first, so no two workers send one twice.

    A few queries a batch however many notices it holds: claim, read, and release those that failed.
    """
    with transaction.atomic():
        claimed = list(
            Notification.objects.filter(emailed_at__isnull=True, recipient__email__gt="", read_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        Notification.objects.filter(pk__in=claimed).update(emailed_at=timezone.now())
    sent, failed = 0, []
    for notice in Notification.objects.filter(pk__in=claimed).select_related("recipient").order_by("pk"):
        try:
            send_mail(f"【安全生产监管平台】{notice.text[:30]}", notice.text, None, [notice.recipient.email])
        except (OSError, smtplib.SMTPException):
            failed.append(notice.pk)
            logger.warning("e-mail of notice %s failed", notice.pk, exc_info=True)
            continue
        sent += 1
    if failed:
        # Released, so that the daily retry sends them once the server is back.
        Notification.objects.filter(pk__in=failed).update(emailed_at=None)
    return sent


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read: the given ones, or all."""
    notices = Notification.objects.filter(recipient=user).unread()
    if notification_ids is not None:
        notices = notices.filter(pk__in=list(notification_ids))
    return notices.update(read_at=timezone.now())


def mark_done(*, user, kind: str, obj: models.Model) -> int:
    """Mark the user's notices of ``kind`` about ``obj`` read: they did what the notice asked."""
    content_type = ContentType.objects.get_for_model(obj)
    notices = Notification.objects.filter(recipient=user, kind=kind, content_type=content_type, object_id=obj.pk)
    return notices.unread().update(read_at=timezone.now())


def export_write(*, export_id: int) -> Export | None:
    """Write a queued list export with its requester's current jurisdiction and notify them.

    The export is claimed first, so a retried task never writes it twice.
    """
    if not Export.objects.filter(pk=export_id, status=Export.Status.PENDING).update(status=Export.Status.RUNNING):
        return None
    export = Export.objects.select_related("user").get(pk=export_id)
    try:
        view = resolve(export.view).func.view_class()
        rows = view.export_rows(export.user, QueryDict(export.query))
        export.rows = rows.count()
        # Written to a temporary file, not memory: a province's list is hundreds of megabytes.
        with tempfile.TemporaryFile() as target:
            write_workbook(rows, view.columns, export.title, viewer=Viewer(export.user, "export"), target=target)
            export.file.save(f"{export.title}-{timezone.localdate():%Y%m%d}.xlsx", File(target), save=False)
        export.status = Export.Status.DONE
    except Exception:
        export.status = Export.Status.FAILED
        logger.exception("export %s failed", export_id)
    export.finished_at = timezone.now()
    export.save()
    if export.status == Export.Status.DONE:
        notify([export.user], "export", export, f"导出已完成：{export.title}（{export.rows}行），点击下载。")
    else:
        notify([export.user], "export", None, f"导出失败：{export.title}，请缩小筛选范围后重试或联系管理员。")
    return export


def import_check(*, job_id: int) -> ImportJob | None:
    """Check a queued workbook as its uploader and keep the preview for them to confirm, or the errors.

    The job is claimed first, so a retried task never checks it twice; the uploader hears of the result.
    """
    if not _claim(job_id, ImportJob.Status.PENDING, ImportJob.Status.CHECKING):
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    result = _import(job, lambda importer, upload, progress: importer.preview(upload, job.user, progress=progress))
    job.refresh_from_db(fields=["rows_total", "rows_read"])
    _keep_result(job, result, ImportJob.Status.PREVIEWED if result.ok else ImportJob.Status.FAILED)
    if result.ok:
        notify([job.user], "import", job, f"导入预览已完成：{job.title}，{result.summary}，请确认后导入。")
    else:
        notify([job.user], "import", job, f"导入未完成：{job.title}，发现 {len(result.errors)} 处错误，点击查看。")
    return job


def import_apply(*, job_id: int) -> ImportJob | None:
    """Write a confirmed workbook, all or nothing, if its rows still change exactly as previewed; notify the uploader.

    Records changed since the preview send the job back to the uploader with the new preview.
    """
    if not _claim(job_id, ImportJob.Status.PREVIEWED, ImportJob.Status.APPLYING):
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    result = _import(
        job,
        lambda importer, upload, progress: importer.run(upload, job.user, expect=job.digest, progress=progress),
    )
    if result.ok and not result.applied:
        _keep_result(job, result, ImportJob.Status.PREVIEWED)
        notify([job.user], "import", job, f"导入前数据已有变化：{job.title}，请核对新的预览后再确认。")
        return job
    job.file.delete(save=False)
    _keep_result(job, result, ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED)
    if result.ok:
        notify([job.user], "import", job, f"导入完成：{job.title}，{result.summary}。")
    else:
        notify([job.user], "import", job, f"导入未完成：{job.title}，发现 {len(result.errors)} 处错误，点击查看。")
    return job


def _claim(job_id: int, status: str, to: str) -> bool:
    return bool(ImportJob.objects.filter(pk=job_id, status=status).update(status=to))


def _import(job: ImportJob, step) -> ImportResult:
    """Run ``step(importer, upload, progress)`` on the job's stored workbook, recording rows read."""
    rows = ImportJob.objects.filter(pk=job.pk)
    try:
        importer = resolve(job.view).func.view_class.importer_class()
        with job.file.open("rb") as upload:
            rows.update(rows_total=importer.count_rows(upload, limit=importer.max_rows), rows_read=0)
            return step(importer, upload, lambda read: rows.update(rows_read=read))
    except OutOfJurisdiction as error:
        return ImportResult(errors=[RowError(0, "", "", str(error))])
    except Exception:
        logger.exception("import %s failed", job.pk)
        return ImportResult(errors=[RowError(0, "", "", "导入出错，未导入任何数据，请稍后重试或联系管理员。")])


def _keep_result(job: ImportJob, result: ImportResult, status: str) -> None:
    job.status = status
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.changes = [asdict(change) for change in result.changes]
    job.digest = result.digest if result.ok else ""
    job.errors = [asdict(error) for error in result.errors]
    if status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        job.finished_at = timezone.now()
        if status == ImportJob.Status.FAILED:
            job.file.delete(save=False)
    job.save()
