import os
from pathlib import Path

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

# Hypothesis explores new random examples on every run. CI (HYPOTHESIS_PROFILE=ci in .ci/run)
# runs the same examples each time, so a red CI points at a change, not at luck; run locally
# without the profile to keep finding new cases.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told it is safe here (it is: one thread, no async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Uploads and generated files (photos, the demo's voting letters) go to a throwaway folder.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests run over plain http and without collected static files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Cached pages and results are keyed by primary keys, which repeat between tests.
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # The language middleware activates the visitor's language for the request's thread; a
    # request with the English cookie must not leave English on for the next test.
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The reference data that migrations seed (praatplaat, safeguards, instruments, lessons,
    killer phrases). A browser test runs in a real transaction and the database is flushed
    after it; tests that run after it on the same worker get the reference data back here."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from samenspel.agreements.models import Safeguard
    from samenspel.initiatives.models import KillerPhrase

    if not Safeguard.objects.exists() or not KillerPhrase.objects.exists():
        from samenspel.agreements.seeding import load_reference_data as load_agreements_data
        from samenspel.initiatives.seeding import load_reference_data as load_initiatives_data

        load_agreements_data()
        load_initiatives_data()
    from samenspel.finance.models import Taakveld

    if not Taakveld.objects.exists():
        from samenspel.finance.seeding import load_taakvelden

        load_taakvelden()


@pytest.fixture
def cbs_dir() -> Path:
    return FIXTURES / "cbs"


@pytest.fixture
def municipality(db):
    from samenspel.places.models import Place, PlaceKind

    return Place.objects.create(kind=PlaceKind.MUNICIPALITY, name="Groningen", slug="groningen", cbs_code="GM0014")


@pytest.fixture
def wijk(municipality):
    from samenspel.places.models import Place, PlaceKind

    return Place.objects.create(
        kind=PlaceKind.WIJK, name="Oosterparkwijk", slug="oosterparkwijk", cbs_code="WK001404", parent=municipality
    )


@pytest.fixture
def other_wijk(municipality):
    from samenspel.places.models import Place, PlaceKind

    return Place.objects.create(
        kind=PlaceKind.WIJK, name="Centrum", slug="centrum", cbs_code="WK001400", parent=municipality
    )


@pytest.fixture
def make_user(db):
    from samenspel.accounts.models import Membership, User

    counter = {"n": 0}

    def make(role=None, place=None, **extra):
        counter["n"] += 1
        user = User.objects.create_user(f"person{counter['n']}@example.org", "correct horse battery", **extra)
        if role is not None:
            Membership.objects.create(user=user, role=role, place=place)
        return user

    return make
