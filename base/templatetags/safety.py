from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html

from base.choices import Role
from base.history import person, plain
from base.privacy import Viewer
from base.scoping import official_of

register = template.Library()


def viewer_of(context) -> Viewer:
    """The page's viewer (base views put one in the context); a bespoke page gets one per tag."""
    viewer = context.get("viewer")
    if viewer is None:
        viewer = context["viewer"] = Viewer(getattr(context.get("request"), "user", None), "page", eager=True)
    return viewer


@register.simple_tag(takes_context=True)
def cell(context, obj, column):
    """One table cell of a list page: the column's value, as a coloured badge for choices."""
    value, colour = column.resolve(obj, viewer_of(context))
    if colour:
        return badge_html(value, colour)
    if column.link and hasattr(obj, "get_absolute_url"):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), plain(value))
    return plain(value)


@register.simple_tag(takes_context=True)
def field_value(context, obj, name):
    """A field of ``obj`` for a detail page: label for choices, 是/否, a link for related records."""
    try:
        model_field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return plain(getattr(obj, name, ""))
    value = getattr(obj, name)
    if isinstance(value, str):
        value = viewer_of(context).show(obj, name, value)
    choice_set = getattr(model_field, "choice_set", None)
    if choice_set is not None and isinstance(value, list):
        return "、".join(choice_set.label(item) for item in value) or "—"
    if choice_set is not None:
        return badge_html(choice_set.label(value), choice_set.colour(value))
    if model_field.choices:
        return getattr(obj, f"get_{name}_display")()
    if isinstance(value, AbstractBaseUser):
        return person(value)  # 发布人, 填报人 …: the official's name, not the login name
    if model_field.is_relation and hasattr(value, "get_absolute_url") and opens_for(viewer_of(context).user, value):
        return format_html('<a href="{}">{}</a>', value.get_absolute_url(), value)
    if model_field.many_to_many:
        return "、".join(str(item) for item in value.all()) or "—"
    return plain(value)


def opens_for(user, obj) -> bool:
    """Whether the page of ``obj``, named on another record's page, opens for ``user``.

    Rows of the user's jurisdiction open, so only what can fall outside it is
    asked: a region above it (decided from its path, without a query), and a
    row a grid supervisor or a department official sees only when it is theirs
    (one query per related record of a detail page, never per row of a list).
    """
    if not hasattr(obj, "may_view_row"):
        return True
    if obj.scope_region == "":
        return obj.may_view_row(user, obj)
    official = official_of(user)
    narrowed = official is not None and (
        (official.role == Role.GRID_SUPERVISOR and obj.scope_supervisor is not None)
        or (official.department_id is not None and obj.scope_department is not None)
    )
    return not narrowed or obj.may_view_row(user, obj)


@register.simple_tag
def field_label(obj, name):
    try:
        return obj._meta.get_field(name).verbose_name
    except FieldDoesNotExist:
        # A property labels itself with @admin.display(description=...).
        attribute = getattr(type(obj), name, None)
        return getattr(getattr(attribute, "fget", attribute), "short_description", name)


@register.simple_tag
def badge(choice_set, value):
    return badge_html(choice_set.label(value), choice_set.colour(value))


def badge_html(label, colour):
    if not colour:
        return plain(label)  # a label without a colour (a period) is plain text
    # Yellow needs dark text to be readable; the rest read well in white.
    text = "#212529" if colour.lower() in {"#ffc107", "#fd7e14"} else "#fff"
    return format_html('<span class="badge" style="background:{};color:{}">{}</span>', colour, text, label)
