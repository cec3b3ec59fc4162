"""Scheduled jobs of the hazards app: thin wrappers that call services and reports."""

import datetime

from base.jobs import scheduled
from base.reports import month_bounds

from . import reports, services


@scheduled("daily", label="逾期隐患提醒")
def notify_overdue_hazards(day: datetime.date) -> int:
    """Hazards that are past their deadline notify who answers for them."""
    return services.notify_overdue_hazards(day=day)


@scheduled("monthly", label="挂包领导月度提醒")
def remind_leaders(day: datetime.date) -> int:
    return services.remind_leaders(day=day)


@scheduled("monthly", label="督办事项进展催报")
def remind_supervision_items(day: datetime.date) -> int:
    return services.remind_supervision_items(day=day)


@scheduled("monthly", label="风险点月度数据固化")
def freeze_risk_point_counts(day: datetime.date) -> int:
    """每月一通报: on the 1st, the month just ended is frozen for its bulletin."""
    last_month = month_bounds(day)[0] - datetime.timedelta(days=1)
    return reports.freeze_risk_point_counts(last_month)
