"""Scheduled jobs of the grid app; each calls a service."""

import datetime

from base.jobs import scheduled

from . import services


@scheduled("quarterly", label="生成季度督导员考核")
def open_quarterly_assessments(day: datetime.date) -> int:
    """At a quarter's start, open the last quarter's assessment of every supervisor who served in it."""
    year, period = services.previous_period(day)
    return services.assessments_open(year=year, period=period)


@scheduled("yearly", label="生成年度督导员考核")
def open_yearly_assessments(day: datetime.date) -> int:
    """At a year's start, open last year's assessment of every supervisor who served in it."""
    year, period = services.previous_period(day, yearly=True)
    return services.assessments_open(year=year, period=period)
