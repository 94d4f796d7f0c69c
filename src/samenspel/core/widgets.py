"""Form widgets."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A <select> that writes its options in Python. Django renders every option through its own
    template include, about 0.1 ms each: a list of all neighbourhoods (60 or more) then costs more
    than the rest of a list page (benchmarks/load.py). The HTML is the same as that of
    the project's select template."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                ((str(option["value"]), flatatt(option["attrs"]), option["label"]) for option in options),
            )
            if group_name:
                html = format_html('\n  <optgroup label="{}">{}\n  </optgroup>', group_name, html)
            groups.append(html)
        attrs = dict(widget["attrs"])
        # As templates/django/forms/widgets/select.html: the design system's classes first.
        css = " ".join(filter(None, ["utrecht-select utrecht-select--html-select", attrs.pop("class", "")]))
        return format_html(
            '<select class="{}" name="{}"{}>{}\n</select>',
            css,
            widget["name"],
            flatatt(attrs),
            format_html_join("", "{}", ((group,) for group in groups)),
        )
