"""The committee's own records: archived 督查通报 issues and the big screen's links."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from base.choices import Role
from base.scoping import ScopedModel


class BulletinIssue(ScopedModel):
    """An archived monthly 督查通报 workbook of the city or a county (第N期 of its year)."""

    month = models.DateField("月份", help_text="该月1日")
    region = models.ForeignKey("grid.Region", models.PROTECT, related_name="+", verbose_name="区划")
    number = models.PositiveSmallIntegerField("期号")
    file = models.FileField("工作簿", upload_to="bulletins/%Y/")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "督查通报"
        verbose_name_plural = "督查通报"
        ordering = ["-month", "region__code"]
        constraints = [models.UniqueConstraint(fields=["month", "region"], name="bulletin_once_per_month_region")]

    def __str__(self) -> str:
        return f"{self.region.name}安全生产督查通报 {self.month.year}年第{self.number}期"

    def get_absolute_url(self) -> str:
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

    history = HistoricalRecords(excluded_fields=["token"])

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
