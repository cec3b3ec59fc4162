"""The committee's own records: 督查通报 issues, drafted from the numbers and issued with a number of the year,
and the big screen's links."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from base.choices import Role, choice_field
from base.history import History
from base.scoping import ScopedModel

from .choices import BulletinStatus


class BulletinIssue(ScopedModel):
    """A 督查通报 of a month and region (the city or a county): a draft, then an issue (第N期 of its year)."""

    # An issued bulletin is circulated down: every level below its region reads it.
    scope_from_above = Q(status=BulletinStatus.ISSUED)
    scope_writers = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})

    month = models.DateField("月份", help_text="该月1日")
    region = models.ForeignKey("grid.Region", models.PROTECT, related_name="+", verbose_name="区划")
    status = choice_field(BulletinStatus, verbose_name="状态", default=BulletinStatus.DRAFT, editable=False)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("二、存在问题", blank=True)
    requirements = models.TextField("三、下步要求", blank=True)
    # Set when issued (签发), never changed after.
    issuing_body = models.CharField("发文机关", max_length=64, blank=True)
    document_number = models.CharField("文号", max_length=64, blank=True, help_text="如：明安委办〔2026〕5号，可不填")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, editable=False)
    number = models.PositiveSmallIntegerField("期号", null=True, blank=True, editable=False)
    issued_on = models.DateField("签发日期", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签发人",
        editable=False,
    )
    file = models.FileField("工作簿", upload_to="bulletins/%Y/", blank=True, editable=False)
    document = models.FileField("通报文档", upload_to="bulletins/%Y/", blank=True, editable=False)
    created_at = models.DateTimeField("起草时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = History(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-month", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["month", "region"], name="bulletin_once_per_month_region"),
            models.UniqueConstraint(
                fields=["region", "year", "number"],
                condition=Q(number__isnull=False),
                name="bulletin_number_once_per_year_region",
            ),
            models.CheckConstraint(
                condition=Q(status=BulletinStatus.DRAFT) | Q(number__isnull=False, year__isnull=False),
                name="bulletin_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        title = f"{self.region.name}安全生产督查通报"
        if self.is_issued:
            return f"{title} {self.year}年第{self.number}期"
        return f"{title}（{self.month.year}年{self.month.month}月 草稿）"

    @property
    def is_issued(self) -> bool:
        return self.status == BulletinStatus.ISSUED

    def edit_refusal(self) -> str:
        return "通报已签发，不能再修改。" if self.is_issued else ""

    def get_absolute_url(self) -> str:
        return reverse("bulletin_detail", args=[self.pk])
        return reverse("bulletin_download", args=[self.pk])


def screen_token() -> str:
    """48 random bytes: a link no one guesses (about 2^384 tokens)."""
    return secrets.token_urlsafe(48)


class ScreenLink(ScopedModel):
    """大屏链接: a read-only link to a region's big screen for the meeting room, opened without logging in.

    It shows the aggregates and the map its creator sees of ``region`` (never personal data) and stops
    working the moment it is revoked.
    """

    scope_writers = frozenset({Role.ADMIN, Role.CITY_COMMITTEE, Role.COUNTY_COMMITTEE})

    title = models.CharField("名称", max_length=64, help_text="如：市安委办会议室大屏")
    region = models.ForeignKey("grid.Region", models.PROTECT, related_name="+", verbose_name="区域")
    token = models.CharField(max_length=80, unique=True, editable=False, default=screen_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", editable=False, verbose_name="录入人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="撤销人",
    )

    history = History(excluded_fields=["token"])

    class Meta:
        verbose_name = "大屏链接"
        verbose_name_plural = "大屏链接"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def get_absolute_url(self) -> str:
        return reverse("screen", args=[self.token])
