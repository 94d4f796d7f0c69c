import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings

from .world import ROLES, build_world


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("world-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """The demo municipality plus the matrix's people and sentinels, built once per module
    (loading the demo takes a while) and removed again afterwards, so that the tests after
    this module start from the usual empty database (the root conftest puts the reference
    data back, as it does after browser tests)."""
    from django.core.management import call_command

    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock():
        try:
            with override_settings(
                MEDIA_ROOT=world_media,
                STORAGES=storages,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ):
                built = build_world()
            yield built
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _world_media(request, settings):
    """Tests that use the world serve the files it stored."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world_media")


@pytest.fixture
def clients(world, db):
    """A logged-in test client per role (anonymous: not logged in), CSRF checks on."""
    made = {}
    for role in ROLES:
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if role != "anonymous":
            client.force_login(world.users[role])
        made[role] = client
    return made
