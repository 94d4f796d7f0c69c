import datetime
import io
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.agreements import services as agreements
from samenspel.agreements.models import ScopeItem, SignatureSide
from tests.agreements.conftest import make_congruent


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def login(client, user):
    client.force_login(user)
    session = client.session
    session["two_factor_ok"] = True  # these tests are not about two-step login
    session.save()
    return client


def days(n: int) -> datetime.date:
    return datetime.date.today() + datetime.timedelta(days=n)


def image_file(fmt="PNG", name=None, size=(40, 30), exif=False, content_type=None):
    from PIL import Image

    buffer = io.BytesIO()
    picture = Image.new("RGB", size, (200, 120, 40))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        options["exif"] = data
    picture.save(buffer, format=fmt, **options)
    ext = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "BMP": "bmp"}[fmt]
    return SimpleUploadedFile(name or f"photo.{ext}", buffer.getvalue(), content_type=content_type or f"image/{ext}")


@pytest.fixture
def official(municipality, make_user):
    return make_user(Role.AREA_OFFICIAL, municipality, display_name="Fatima")


@pytest.fixture
def alderman(municipality, make_user):
    return make_user(Role.COLLEGE, municipality, display_name="Wethouder")


@pytest.fixture
def council_member(municipality, make_user):
    return make_user(Role.COUNCIL, municipality, display_name="Raadslid")


@pytest.fixture
def resident(wijk, make_user):
    return make_user(Role.RESIDENT, wijk, display_name="Anouk")


@pytest.fixture
def outsider(make_user):
    return make_user(display_name="Iemand")


@pytest.fixture
def body(wijk):
    return Organisation.objects.create(
        name="Coöperatieve Wijkraad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk
    )


@pytest.fixture
def body_member(wijk, body, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Sanne")
    Membership.objects.create(user=user, role=Role.BODY_MEMBER, place=wijk, organisation=body)
    return user


@pytest.fixture
def resident_org(wijk):
    return Organisation.objects.create(
        name="Bewonersorganisatie Oosterpark", kind=OrganisationKind.RESIDENT_ORGANISATION, place=wijk
    )


@pytest.fixture
def org_rep(wijk, resident_org, make_user):
    user = make_user(Role.RESIDENT, wijk, display_name="Erik")
    Membership.objects.create(user=user, role=Role.ORG_REPRESENTATIVE, place=wijk, organisation=resident_org)
    return user


@pytest.fixture
def in_force(official, wijk, body, body_member, alderman, council_member, municipality):
    """An agreement in force for the wijk: a level-3 wijkbudget (€ 10.000) where the body
    decides, and a level-1 theme where the college decides."""
    trajectory = agreements.start_trajectory(user=official, place=wijk, title="Wijkdemocratie", desired_level=3)
    agreements.add_participant(user=official, trajectory=trajectory, kind="wijk_body", organisation=body)
    version = agreements.start_agreement(user=official, trajectory=trajectory)
    budget = make_congruent(official, version, level=3, title="Wijkbudget")
    theme = make_congruent(official, version, level=1, title="Verkeer")
    ScopeItem.objects.filter(pk=budget.pk).update(budget_cents=1_000_000)
    assert agreements.submit_for_review(user=official, version=version).congruent
    agreements.sign(user=body_member, version=version, side=SignatureSide.WIJK, name_shown="Sanne", capacity="lid")
    agreements.sign(user=alderman, version=version, side=SignatureSide.GEMEENTE, name_shown="W", capacity="wethouder")
    agreements.record_council_decision(
        user=council_member,
        municipality=municipality,
        decided_on=days(-30),
        reference="RB-1",
        title="Overdracht wijkbudget",
        outcome="adopted",
        versions=[version],
    )
    agreements.activate(user=official, version=version)
    version.refresh_from_db()
    budget.refresh_from_db()
    theme.refresh_from_db()
    return SimpleNamespace(version=version, budget=budget, theme=theme, trajectory=trajectory)
