from django import template

from base.history import signature as _signature

register = template.Library()


@register.filter
def who(user) -> str:
    """The name of the official behind ``user``; 系统 for records written by jobs or imports."""
    if user is None:
        return "系统"
    official = getattr(user, "official", None)
    return official.name if official is not None else user.get_username()


@register.filter
def signature(user) -> str:
    """The official behind ``user`` and their office (郑华 · 列东街道)."""
    return _signature(user)
