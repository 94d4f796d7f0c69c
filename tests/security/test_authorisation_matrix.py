"""The authorisation matrix (issue 9): every URL pattern of the project × every role.

- Every URL pattern must be classified in expectations.py; a new page fails here until it is.
- GET: allowed roles get the page, the others are refused (403, 404 or the login).
- POST without a CSRF token is refused with 403, for anyone, on every pattern.
- POST with a CSRF token by a role that may not open the page is refused (403, 404, the login,
  or a redirect back with an explanation) and changes nothing (row counts of every table and
  the audit log stay the same).
- Nothing private reaches an anonymous visitor: pages, feeds, exports, open data and the API
  never contain the sentinel strings planted in private fields (world.py)."""

import contextlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from samenspel.core.models import AuditEntry

from .expectations import API_NAMESPACE, expectation
from .matrix import outcome_of, url_for
from .world import ROLES, SENTINELS, private_strings, walk_patterns

pytestmark = pytest.mark.django_db

# Patterns that end the session go last, so the client stays logged in for the rest.
LAST = ("account_logout", "set_language")


def _patterns():
    patterns = [p for p in walk_patterns() if expectation(p.name) is not None]
    return sorted(patterns, key=lambda p: p.name in LAST)


def _is_api(pattern) -> bool:
    return pattern.name.startswith(API_NAMESPACE)


def test_every_url_pattern_is_classified():
    missing = [f"{p.name}  ({p.route})" for p in walk_patterns() if expectation(p.name) is None]
    assert not missing, "Classify these pages in tests/security/expectations.py:\n" + "\n".join(missing)


@pytest.mark.parametrize("role", ROLES)
def test_get_every_page(role, world, clients):
    client = clients[role]
    problems = []
    for pattern in _patterns():
        access, objects = expectation(pattern.name)
        url = url_for(pattern, world, objects)
        outcome = outcome_of(client.get(url))
        if outcome.status >= 500:
            problems.append(f"{pattern.name} {url}: server error {outcome}")
        elif role in access and outcome.refused and not (role == "admin" and pattern.name.startswith("admin:")):
            problems.append(f"{pattern.name} {url}: should be allowed, was refused ({outcome})")
        elif role not in access and outcome.allowed:
            problems.append(f"{pattern.name} {url}: should be refused, was allowed ({outcome})")
        elif not (outcome.allowed or outcome.refused or outcome.neutral):
            problems.append(f"{pattern.name} {url}: neither allowed nor refused ({outcome})")
    assert not problems, f"{role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ["anonymous", "resident", "official", "admin"])
def test_post_without_csrf_token_is_refused(role, world, clients):
    client = clients[role]  # enforce_csrf_checks=True, and no token sent
    entries = AuditEntry.objects.count()
    problems = []
    for pattern in _patterns():
        access, objects = expectation(pattern.name)
        url = url_for(pattern, world, objects)
        response = client.post(url, {"title": "x", "text": "x"})
        if _is_api(pattern):
            # The API is CSRF-exempt for token callers; a session caller without a token
            # must still not get anything done.
            if response.status_code < 400 or response.status_code >= 500:
                problems.append(f"{pattern.name} {url}: {response.status_code}")
        elif response.status_code != 403:
            problems.append(f"{pattern.name} {url}: {response.status_code} instead of 403")
    assert not problems, "\n".join(problems)
    assert AuditEntry.objects.count() == entries


def _row_counts() -> dict:
    counts = {}
    for model in apps.get_models():
        if model._meta.db_table in ("django_session",) or not model._meta.managed or model._meta.proxy:
            continue
        counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.mark.parametrize("role", ROLES)
def test_unauthorised_post_is_refused_and_changes_nothing(role, world):
    client = Client(raise_request_exception=False)  # the test client passes the CSRF check
    if role != "anonymous":
        client.force_login(world.users[role])
    before = _row_counts()
    problems = []
    for pattern in _patterns():
        access, objects = expectation(pattern.name)
        if role in access or _is_api(pattern):
            continue
        url = url_for(pattern, world, objects)
        entries = AuditEntry.objects.count()
        outcome = outcome_of(client.post(url, {"title": "x", "text": "x", "reason": "x"}))
        # Refused outright, or sent back with an explanation (a redirect) — never a 2xx.
        if outcome.status < 300 or outcome.status >= 500:
            problems.append(f"{pattern.name} {url}: POST not refused ({outcome})")
        if AuditEntry.objects.count() != entries:
            problems.append(f"{pattern.name} {url}: POST wrote to the audit log")
    after = _row_counts()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert not problems, f"{role}:\n" + "\n".join(problems)
    assert not changed, f"{role}: rows changed by refused POSTs: {changed}"


# --- Nothing private leaks -------------------------------------------------------------------


def _texts(response) -> str:
    """The response as searchable text: XLSX unzipped, PDF text extracted where possible."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body[:2] == b"PK":  # XLSX (a zip of XML)
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if "pdf" in kind:
        try:
            from pypdf import PdfReader
        except ImportError:  # not installed: the PDF's text is compressed; check what can be read
            return body.decode("latin-1")
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    text = body.decode("utf-8", "replace")
    if "json" in kind:
        # JSON may escape non-ASCII: search the decoded structure too.
        with contextlib.suppress(ValueError):
            text += json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _public_urls(world) -> list[str]:
    urls = []
    for pattern in _patterns():
        access, objects = expectation(pattern.name)
        if "anonymous" in access and pattern.name not in LAST:
            urls.append(url_for(pattern, world, objects))
    # Every open-data set in every format, for the whole municipality and for the wijk.
    try:
        from samenspel.opendata.services import DATASETS, FORMATS
    except ImportError:
        DATASETS, FORMATS = [], []
    for dataset in DATASETS:
        for fmt in FORMATS:
            url = reverse("opendata:download", args=[dataset.slug, fmt])
            urls += [url, f"{url}?plaats={world.place.pk}"]
    # The records whose pages must not show: reached by their address, they must not leak.
    o = world.objects
    urls += [
        reverse("agreements:version", args=[o["draft_version"].pk]),
        reverse("agreements:version_json", args=[o["draft_version"].pk]),
        reverse("decisions:report", args=[o["unpublished_report"].pk]),
        reverse("deliberation:meeting", args=[o["private_meeting"].pk]),
        reverse("panel:results", args=[o["consultation"].pk]),
        reverse("initiatives:list") + "?q=Sentinel",
        reverse("deliberation:map", args=[o["conversation"].pk]),
    ]
    urls += _api_urls(world)
    return urls


def _api_urls(world) -> list[str]:
    """Every GET operation of the API, from its OpenAPI document (when the API is there)."""
    response = Client().get("/api/v1/openapi.json")
    if response.status_code != 200:
        return []
    from .matrix import API_IDS, _value

    urls = []
    for path, operations in response.json().get("paths", {}).items():
        if "get" not in operations:
            continue
        for key, ref in API_IDS.items():
            path = path.replace("{" + key + "}", str(_value(world, ref)))
        if "{" not in path:
            urls.append(path)
    return urls


def test_nothing_private_reaches_anonymous_visitors(world, clients):
    secrets = private_strings(world)
    client = clients["anonymous"]
    leaks, seen = [], 0
    for url in _public_urls(world):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        text = _texts(response)
        leaks += [f"{url}: {secret}" for secret in secrets if secret in text]
    assert seen > 200
    assert not leaks, "Private data on public pages:\n" + "\n".join(leaks)


def test_draft_agreements_are_not_in_the_publication_register(world, clients):
    """Drafts may be read on their page (see world.PUBLIC_BY_DESIGN) but are never published."""
    client = clients["anonymous"]
    draft = SENTINELS["draft_agreement"]
    names = ("publication:index", "publication:index_json", "publication:rss", "publication:atom")
    pages = [reverse(name) for name in names if expectation(name) is not None]
    assert pages
    for url in pages:
        assert draft not in _texts(client.get(url)), url


def test_the_sentinels_are_there_for_those_who_may_see_them(world, clients):
    """The leak test means something only if the sentinels are on pages at all."""
    o = world.objects
    official = clients["official"]
    idea_page = official.get(reverse("initiatives:idea", args=[o["idea"].pk])).content.decode()
    assert SENTINELS["contact_note"] in idea_page
    meeting = official.get(reverse("deliberation:meeting", args=[o["private_meeting"].pk])).content.decode()
    assert SENTINELS["private_meeting"] in meeting
    report = official.get(reverse("decisions:report", args=[o["unpublished_report"].pk])).content.decode()
    assert SENTINELS["unpublished_report"] in report


def test_api_write_operations_refuse_anonymous_callers_and_change_nothing(world):
    """Every write operation of the OpenAPI document, called without a key and without a
    body, is refused (4xx) and changes nothing."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    from .matrix import API_IDS, _value

    client = Client(raise_request_exception=False)
    before = _row_counts()
    problems = []
    for path, operations in response.json().get("paths", {}).items():
        for key, ref in API_IDS.items():
            path = path.replace("{" + key + "}", str(_value(world, ref)))
        for method in ("post", "put", "patch", "delete"):
            if method not in operations:
                continue
            answer = getattr(client, method)(path, data="{}", content_type="application/json")
            if not 400 <= answer.status_code < 500:
                problems.append(f"{method.upper()} {path}: {answer.status_code}")
    assert not problems, "\n".join(problems)
    assert _row_counts() == before
