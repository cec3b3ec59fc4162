"""The committee's own records: archived 督查通报 issues."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

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
