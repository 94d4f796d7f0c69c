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
    return mapping.get(key) if mapping else None


@register.filter
def attribution(source, language):
    return source.attribution_for(language)
