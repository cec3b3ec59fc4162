"""Scheduled jobs of the inspections app: 四项机制, each a thin wrapper of a ``cadence`` service."""

import datetime

from base.jobs import scheduled

from . import cadence, services


@scheduled("daily", label="复查到期提醒")
def remind_reinspections_due(day: datetime.date) -> int:
    """检查一家、合格一家: a 不合格 inspection whose re-inspection is due reminds its team, once."""
    return services.remind_reinspections_due(day=day)


@scheduled("monthly", label="一月一跟进")
def monthly_follow_up(day: datetime.date) -> int:
    """一月一跟进: open findings, enterprises still 不合格, and each department's month."""
    return cadence.monthly_follow_up(day=day)


@scheduled("quarterly", label="一季一推动")
def quarterly_push(day: datetime.date) -> int:
    """一季一推动: the quarter's progress sheet, notified to the county committees."""
    return cadence.quarterly_push(day=day)


@scheduled("half-yearly", label="半年一分析")
def half_year_analysis(day: datetime.date) -> int:
    """半年一分析: the half-year's analysis workbook for the committees."""
    return cadence.half_year_analysis(day=day)


@scheduled("yearly", label="年底一总评")
def yearly_evaluation(day: datetime.date) -> int:
    """年底一总评: last year's evaluation table, for the committees to grade."""
    return cadence.yearly_evaluation(day=day)
