import re, datetime
from html.parser import HTMLParser
from collections import Counter
from django.urls import reverse
from samenspel.accounts.models import Role
from tests.agreements.test_public_pages import _login, english, awaiting, evaluation  # noqa
from tests.agreements.test_card import version as card_version  # noqa

class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.h=[]; self.ids=Counter(); self.links=[]; self._a=None
    def handle_starttag(self, tag, attrs):
        a=dict(attrs)
        if re.fullmatch(r"h[1-6]", tag): self.h.append(int(tag[1]))
        if "id" in a: self.ids[a["id"]]+=1
        if tag=="a": self._a=[a.get("href"), ""]
    def handle_data(self, d):
        if self._a is not None: self._a[1]+=d
    def handle_endtag(self, tag):
        if tag=="a" and self._a: self.links.append((" ".join(self._a[1].split()), self._a[0])); self._a=None

def check(name, html):
    p=P(); p.feed(html)
    jumps=[(a,b) for a,b in zip(p.h,p.h[1:]) if b>a+1]
    dup=[k for k,v in p.ids.items() if v>1]
    bytext={}
    for t,h in p.links: bytext.setdefault(t,set()).add(h)
    amb={t:h for t,h in bytext.items() if len(h)>1}
    print(name, "headings", p.h, "jumps", jumps, "dup ids", dup, "ambiguous links", amb)
    open(f"/tmp/cardcheck/{name}.html","w").write(html)

def test_dump(db, english, evaluation, card_version, municipality, make_user):
    _login(english, make_user(Role.AREA_OFFICIAL, municipality))
    check("evaluation", english.get(evaluation.get_absolute_url()).content.decode())
    check("card", english.get(reverse("agreements:card", args=[card_version.pk])).content.decode())
    check("praatplaat", english.get(reverse("agreements:praatplaat")).content.decode())
    check("lessons", english.get(reverse("agreements:lessons")).content.decode())
    check("council", english.get(reverse("agreements:council", args=["groningen"])).content.decode())
    _login(english, make_user(Role.COUNCIL, municipality))
    check("council_member", english.get(reverse("agreements:council", args=["groningen"])).content.decode())
    check("decision_form", english.get(reverse("agreements:council_decision_new", args=["groningen"])+f"?versie={evaluation.version.pk}").content.decode())
