import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from samenspel.accounts.models import Role
from samenspel.initiatives import services
from samenspel.places.models import Place, PlaceKind


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def official(municipality, make_user):
    return make_user(Role.AREA_OFFICIAL, municipality, display_name="Fatima")


@pytest.fixture
def facilitator(wijk, make_user):
    return make_user(Role.FACILITATOR, wijk, display_name="Joost")


@pytest.fixture
def resident(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


@pytest.fixture
def neighbour(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Erik")


@pytest.fixture
def stranger(make_user):
    """Logged in, no role anywhere."""
    return make_user(display_name="Bezoeker")


@pytest.fixture
def other_municipality(db):
    gm = Place.objects.create(
        kind=PlaceKind.MUNICIPALITY, name="Westerkwartier", slug="westerkwartier", cbs_code="GM1969"
    )
    Place.objects.create(kind=PlaceKind.DORP, name="Marum", slug="marum", cbs_code="WK196911", parent=gm)
    return gm


@pytest.fixture
def other_official(other_municipality, make_user):
    return make_user(Role.AREA_OFFICIAL, other_municipality, display_name="Henk")


@pytest.fixture
def idea(resident, wijk):
    return services.submit_idea(
        user=resident,
        place=wijk,
        title="Moestuin achter de school",
        description="Een gezamenlijke moestuin voor de buurt, met de kinderen van de school.",
        needs="Een stuk grond en wat gereedschap.",
    )


def in_conversation(official, idea):
    return services.move_case(user=official, idea=idea, to_status="in_conversation", note="Gebeld.")


def png_bytes(size=(8, 8), fmt="PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name="foto.png", data=None, content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if data is None else data, content_type=content_type)


def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def login(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_ok"] = True  # these tests are not about two-step login
    session.save()
    return english(client)


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)
