import re

import pytest
from django import forms

from samenspel.core.widgets import FastSelect


def _same(html: str) -> str:
    # The templates put newlines and indentation inside and between the tags; the browser ignores them.
    return re.sub(r"\s*>\s*", ">", re.sub(r"\s+", " ", html.strip()))


CHOICES = [
    ("", "Alle"),
    ("1", "Oosterpark"),
    ("2", 'De "Hoogte" & <Korrewegwijk>'),
    ("Dorpen", [("3", "Ten Boer"), ("4", "Garmerwolde")]),
]


@pytest.mark.parametrize("value", [None, "", "2", "4", ["1"]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_wijk", "required": True, "disabled": False, "class": "a b"}])
def test_renders_what_the_select_template_renders(value, attrs):
    ours = FastSelect(choices=CHOICES).render("wijk", value, attrs)
    template = forms.Select(choices=CHOICES).render("wijk", value, attrs)
    assert _same(ours) == _same(template)
    assert "&lt;Korrewegwijk&gt;" in ours and "&quot;Hoogte&quot;" in ours


def test_the_chosen_option_is_selected_and_only_that_one():
    html = FastSelect(choices=CHOICES).render("wijk", "3", {"id": "x"})
    assert html.count("selected") == 1
    assert '<option value="3" selected>Ten Boer</option>' in html
