"""Security headers on every HTML response, no inline script or style in any template, and the
rate limits on logging in and on every code sent by letter (voting codes, panel invitations,
sortition replies)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

import samenspel

pytestmark = pytest.mark.django_db

SRC = Path(samenspel.__file__).parent


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()  # the rate limits count in the cache
    yield
    cache.clear()


def _directives(policy: str) -> dict[str, list[str]]:
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_secure_headers(response):
    policy = response.get("Content-Security-Policy", "")
    directives = _directives(policy)
    assert policy, response.request["PATH_INFO"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    for kind in ("script-src", "style-src"):
        sources = directives.get(kind) or directives.get("default-src")
        assert sources and "*" not in sources, (kind, policy)
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]
    assert response.get("X-Frame-Options") == "DENY"
    assert response.get("X-Content-Type-Options") == "nosniff"
    assert response.get("Referrer-Policy") in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")


@pytest.fixture
def pages(wijk):
    return [
        "/",
        "/toegankelijkheid/",
        "/privacy/",
        reverse("places:search"),
        reverse("places:place", args=[wijk.municipality.slug, wijk.slug]),
        reverse("initiatives:list"),
        reverse("agreements:index"),
        reverse("budgeting:index"),
        reverse("panel:code"),
        reverse("sortition:reply"),
        reverse("account_login"),
        reverse("account_signup"),
        "/bestaat-niet/",  # the 404 page
    ]


def test_every_html_page_has_the_security_headers(client, pages):
    for url in pages:
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), url
        assert_secure_headers(response)


def test_error_and_refusal_pages_have_them_too(client, make_user):
    client.force_login(make_user())
    refused = client.get(reverse("initiatives:broker"))
    assert refused.status_code in (403, 404)
    assert_secure_headers(refused)
    assert_secure_headers(client.get(reverse("initiatives:idea", args=[987654])))


def test_production_settings_send_hsts():
    # settings.py turns HSTS on unless DEBUG; the test run is not DEBUG.
    assert not settings.DEBUG
    assert settings.SECURE_HSTS_SECONDS >= 31_536_000
    assert settings.SESSION_COOKIE_HTTPONLY


# --- Templates: no inline script, style or event handlers ----------------------------------------

# Templates rendered only into PDFs (WeasyPrint reads their <style>; no browser ever sees
# them, so the CSP does not apply) — each checked to be used only by a PDF renderer.
PDF_ONLY = re.compile(r"(_pdf\.html|/pdf\.html|/letters/letters\.html)$")
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"<[a-z][^<>]*\sstyle\s*=", re.I), 'style="" attribute'),
    (re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.I), "on*= event handler"),
    (re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I), "javascript: URL"),
]


def _templates():
    for path in sorted(SRC.rglob("templates/**/*.html")):
        yield path, path.relative_to(SRC).as_posix()


def test_templates_have_no_inline_script_style_or_handlers():
    offenders = []
    for path, name in _templates():
        if PDF_ONLY.search(name):
            continue
        text = re.sub(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", path.read_text(), flags=re.S)
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{name}:{line}: {what}")
    assert not offenders, "\n".join(offenders)


def test_pdf_only_templates_are_never_rendered_as_a_page():
    """The exemption above holds only while these templates go to WeasyPrint and nowhere else."""
    users = {}
    for path in SRC.rglob("*.py"):
        text = path.read_text()
        for _path, name in _templates():
            if PDF_ONLY.search(name):
                short = name.split("/templates/", 1)[1]
                if f'"{short}"' in text:
                    users.setdefault(short, []).append(path)
    for short, paths in users.items():
        for path in paths:
            text = path.read_text()
            assert "render(request" not in text.split(short)[0][-400:], f"{short} rendered as a page in {path}"


# --- Rate limits ---------------------------------------------------------------------------------


def test_login_is_rate_limited(client, make_user):
    from allauth.account.models import EmailAddress

    user = make_user()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    refused = None
    for _ in range(12):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        if response.status_code == 429 or "Te veel" in response.content.decode():
            refused = response
            break
    assert refused is not None, "no limit on failed logins"
    # Even the right password is refused while the limit holds.
    client.post(reverse("account_login"), {"login": user.email, "password": "correct horse battery"})
    assert "_auth_user_id" not in client.session


def test_voting_codes_are_rate_limited(client, wijk):
    from samenspel.budgeting import voting
    from samenspel.budgeting.models import BallotType, Budget, Round

    budget = Budget.objects.create(
        place=wijk,
        title="Wijkbudget",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        amount_cents=1_000_000,
    )
    now, day = timezone.now(), datetime.timedelta(days=1)
    round_ = Round.objects.create(
        budget=budget,
        title="Ronde",
        amount_cents=1_000_000,
        ideas_opens=now - 30 * day,
        review_opens=now - 20 * day,
        support_opens=now - 10 * day,
        voting_opens=now - day,
        voting_closes=now + 10 * day,
        ballot_type=BallotType.APPROVAL,
        min_projects=1,
        max_projects=3,
    )
    url = reverse("budgeting:vote_start", args=[round_.pk])
    statuses = [client.post(url, {"code": f"AAAABBBBCC{voting.ALPHABET[i % 20]}2"}).status_code for i in range(12)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_panel_invitation_codes_are_rate_limited(client):
    answers = [client.post(reverse("panel:code"), {"code": "AAAA-BBBB-CCCC"}) for _ in range(12)]
    last = answers[-1]
    assert answers[0].status_code == 200
    assert last.status_code == 429 or "Te veel" in last.content.decode()


def test_sortition_reply_codes_are_rate_limited(client):
    answers = [client.post(reverse("sortition:reply"), {"code": "AAAA-BBBB-CCCC"}) for _ in range(25)]
    assert answers[0].status_code == 200
    assert answers[-1].status_code == 429
