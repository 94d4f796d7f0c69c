from django import template
from django.utils.safestring import mark_safe

from samenspel.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(value):
    # Safe: render_markdown sanitises with nh3 after rendering.
    return mark_safe(render_markdown(value))  # noqa: S308


@register.filter
def get_item(mapping, key):
    """mapping[key], trying the key as text too (JSON objects have text keys)."""
    if not mapping:
        return None
    return mapping.get(key, mapping.get(str(key)))


@register.filter
def attribution(source, language):
    return source.attribution_for(language)


@register.filter
def cents(value):
    """Euro cents as a Dutch-formatted euro amount without the sign: 1234567 → 12.345,67."""
    from django.utils.formats import number_format

    if value is None:
        return ""
    return number_format(value / 100, decimal_pos=2, use_l10n=True, force_grouping=True)
