"""Models of the shared mechanisms: notices, background exports and imports, the record of personal-data views."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice to one user; also e-mailed where the user has an address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    kind = models.CharField("类别", max_length=64, db_index=True)
    text = models.TextField("内容")
    url = models.CharField("链接", max_length=255, blank=True)
    content_type = models.ForeignKey(ContentType, models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    # Periodic jobs pass a key per item and period ("2026-11"), so a retried or
    # doubled job finds the notice already there and sends nothing again.
    key = models.CharField("去重键", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        # Moved here from the committee's app; the table keeps its name and rows.
        db_table = "sanming_safety_notification"
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.text[:50]


class Export(models.Model):
    """A large list export written in the background; only its requester may download it."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="exports", verbose_name="申请人")
    title = models.CharField("名称", max_length=128)
    view = models.CharField("列表地址", max_length=200, help_text="the list page's path; the task resolves its view")
    query = models.TextField("筛选条件", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField("行数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        db_table = "sanming_safety_export"
        verbose_name = "导出"
        verbose_name_plural = "导出"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("export_download", args=[self.pk])


class ImportJob(models.Model):
    """A large workbook import run in the background: checked, previewed, confirmed by its uploader, applied.

    Only its uploader sees it. The same rule as a small import holds: nothing is
    written before the uploader confirms the preview, and then all rows or none.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        CHECKING = "checking", "检查中"
        PREVIEWED = "previewed", "待确认"
        APPLYING = "applying", "导入中"
        DONE = "done", "已导入"
        FAILED = "failed", "未导入"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="import_jobs", verbose_name="上传人"
    )
    title = models.CharField("名称", max_length=128)
    view = models.CharField(
        "导入页地址", max_length=200, help_text="the import page's path; the task resolves its view"
    )
    # Kept under MEDIA_ROOT, which nothing serves, and deleted once read.
    file = models.FileField("工作簿", upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField("数据行数", default=0)
    rows_read = models.PositiveIntegerField("已读取行数", default=0)
    created = models.PositiveIntegerField("新增行数", default=0)
    updated = models.PositiveIntegerField("更新行数", default=0)
    unchanged = models.PositiveIntegerField("无变化行数", default=0)
    # The preview shown for confirmation: [{row, label, cells: [[header, was, now], …]}], and its fingerprint.
    changes = models.JSONField("变化", default=list, blank=True)
    digest = models.CharField("预览指纹", max_length=64, blank=True)
    errors = models.JSONField("错误", default=list, blank=True, help_text="[{row, column, header, message}]")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台导入"
        verbose_name_plural = "后台导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("import_job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_working(self) -> bool:
        """Whether a task is on it (the page polls meanwhile)."""
        return self.status in (self.Status.PENDING, self.Status.CHECKING, self.Status.APPLYING)

    @property
    def summary(self) -> str:
        verb = "" if self.status == self.Status.DONE else "将"
        return f"{verb}新增 {self.created} 行、更新 {self.updated} 行、无变化 {self.unchanged} 行"

    @property
    def unlisted(self) -> int:
        return self.created + self.updated - len(self.changes)

    @property
    def percent(self) -> int:
        """How much of the workbook has been read, 0–100."""
        if not self.is_working:
            return 100
        return min(100, self.rows_read * 100 // self.rows_total) if self.rows_total else 0


class PersonalDataAccess(models.Model):
    """One view of a full resident ID number (or another private value): who saw whose, where and when."""

    class Channel(models.TextChoices):
        PAGE = "page", "页面"
        API = "api", "接口"
        EXPORT = "export", "导出"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name="查看人")
    content_type = models.ForeignKey(ContentType, models.CASCADE, verbose_name="记录类型")
    object_id = models.PositiveBigIntegerField("记录编号")
    subject = GenericForeignKey("content_type", "object_id")
    field = models.CharField("字段", max_length=64)
    channel = models.CharField("途径", max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "个人信息查看记录"
        verbose_name_plural = "个人信息查看记录"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="personal_access_subject")]

    def __str__(self) -> str:
        return f"{self.user} · {self.field} · {self.created_at:%Y-%m-%d %H:%M}"


class JobRun(models.Model):
    """One scheduled job's run for a day: when, by whom if run again by hand, what it returned or why it failed,
    and the notices it sent (those with ids in ``notices_after``–``notices_until``)."""

    class Status(models.TextChoices):
        RUNNING = "running", "运行中"
        DONE = "done", "完成"
        FAILED = "failed", "失败"

    cadence = models.CharField("周期", max_length=16)
    day = models.DateField("业务日期")
    job = models.CharField("任务", max_length=200, db_index=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.RUNNING)
    result = models.TextField("结果", blank=True)
    error = models.TextField("错误", blank=True)
    notices = models.PositiveIntegerField("发出通知", default=0)
    notices_after = models.PositiveBigIntegerField("此前最后通知编号", default=0)
    notices_until = models.PositiveBigIntegerField("最后通知编号", default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="手动运行人"
    )
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["job", "-started_at"], name="job_run_latest")]

    def __str__(self) -> str:
        return f"{self.job} · {self.day:%Y-%m-%d}"

    def sent(self):
        """The notices this run created."""
        return Notification.objects.filter(pk__gt=self.notices_after, pk__lte=self.notices_until)
