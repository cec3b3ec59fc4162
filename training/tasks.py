"""Scheduled jobs of the training app; each calls a service."""

import datetime

from base.jobs import scheduled

from . import services


@scheduled("quarterly", label="未参训主要负责人季度提醒")
def remind_absent_principals(day: datetime.date) -> int:
    """一季: each township hears once a quarter how many of its principals have not attended a class this year."""
    return services.remind_absent_principals(day=day)
