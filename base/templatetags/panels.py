from django import template

from base.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, obj, slot: str):
    """The panels other apps registered for ``obj``'s model in ``slot`` (see ``base.panels``)."""
    return render_panels(context.get("request"), obj, slot, context.flatten())
