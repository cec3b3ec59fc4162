import datetime

from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.html import format_html

from sanming_safety.scoping import official_of

register = template.Library()


def _local(value):
    """A datetime as officials read it: Asia/Shanghai, to the minute; other values unchanged."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value


@register.simple_tag
def cell(obj, column):
    """One table cell of a list page: the column's value, as a coloured badge for choices."""
    value, colour = column.resolve(obj)
    if colour:
        return badge_html(value, colour)
    if column.link and hasattr(obj, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _local(value))
    return "" if value is None else _local(value)


def _opens_for(user, value) -> bool:
    """Whether ``user`` may open ``value``'s page; a region above their jurisdiction answers 404."""
    if value._meta.label != "grid.Region" or user is None or getattr(user, "is_superuser", False):
        return True
    official = official_of(user)
    return official is None or official.role == "admin" or value.path.startswith(official.region.path)


@register.simple_tag(takes_context=True)
def field_value(context, obj, name):
    """A field of ``obj`` for a detail page: label for choices, 是/否, a link for related records."""
    try:
        model_field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(obj, name, "")
    value = getattr(obj, name)
    choice_set = getattr(model_field, "choice_set", None)
    if choice_set is not None:
        return badge_html(choice_set.label(value), choice_set.colour(value))
    if model_field.choices:
        return getattr(obj, f"get_{name}_display")()
    if isinstance(value, bool):
        return "是" if value else "否"
    if value in (None, ""):
        return "—"
    if isinstance(value, AbstractBaseUser):
        # 发布人, 填报人 …: the official's name, not the login name.
        official = getattr(value, "official", None)
        return official.name if official is not None else value.get_username()
    if (
        model_field.is_relation
        and hasattr(value, "get_absolute_url")
        and _opens_for(getattr(context.get("request"), "user", None), value)
    ):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    return _local(value)


@register.simple_tag
def field_label(obj, name):
    try:
        return obj._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


@register.simple_tag
def badge(choice_set, value):
    return badge_html(choice_set.label(value), choice_set.colour(value))


def badge_html(label, colour):
    # Yellow needs dark text to be readable; the rest read well in white.
    text = "#212529" if colour.lower() in {"#ffc107", "#fd7e14"} else "#fff"
    return format_html('<span class="badge" style="background:{};color:{}">{}</span>', colour, text, label)
