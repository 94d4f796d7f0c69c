"""Every upload is checked by its content (never its name or declared type), limited in size,
stored under a random name and served with safe headers.

Upload fields: idea photos and accountability-report photos (core/images.py), meeting
documents (PDF), the sortition register extract (CSV), the open-budget import (CSV/XLSX) and
the voting letters' address list (CSV)."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from samenspel.accounts.models import Membership, Organisation, OrganisationKind, Role
from samenspel.core.images import MAX_PHOTO_BYTES, clean_photo

from .world import png_upload

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
# Polyglots: a valid image signature with a script after it.
GIF_HTML = b"GIF89a/*\x01\x00\x01\x00\x00\xff\x00,*/=1;<script>alert(1)</script>"
JPEG_HTML = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML
PNG_HTML = b"\x89PNG\r\n\x1a\n" + HTML


def _upload(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="GIF")
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SentinelCam"  # Make
    exif[0x8825] = {1: "N", 2: (53.0, 13.0, 7.0), 3: "E", 4: (6.0, 34.0, 2.0)}  # GPSInfo
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


# --- Photos --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (SVG, "foto.svg", "image/svg+xml"),
        (SVG, "foto.png", "image/png"),  # an SVG dressed up as a PNG
        (HTML, "foto.jpg", "image/jpeg"),
        (GIF_HTML, "foto.gif", "image/gif"),
        (JPEG_HTML, "foto.jpg", "image/jpeg"),
        (PNG_HTML, "foto.png", "image/png"),
        (_gif(), "foto.png", "image/png"),  # a real image, of a kind we do not take
        (b"", "foto.png", "image/png"),
        (b"%PDF-1.4\n%\xe2\xe3\n", "foto.jpg", "image/jpeg"),
    ],
)
def test_photos_are_checked_by_content(data, name, content_type):
    with pytest.raises(ValidationError):
        clean_photo(_upload(data, name, content_type))


def test_a_real_photo_is_taken_whatever_its_name():
    data, extension = clean_photo(_upload(png_upload().read(), "vakantie.exe", "application/octet-stream"))
    assert extension == "png" and data.startswith(b"\x89PNG")


def test_photos_are_limited_in_bytes_and_pixels():
    big = _upload(b"\xff\xd8\xff" + b"0" * MAX_PHOTO_BYTES, "groot.jpg", "image/jpeg")
    with pytest.raises(ValidationError):
        clean_photo(big)
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # 64 megapixels in a few kilobytes
    with pytest.raises(ValidationError):
        clean_photo(_upload(out.getvalue(), "bom.png", "image/png"))


def test_photos_lose_their_exif_and_gps():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825) is not None
    data, extension = clean_photo(_upload(original, "foto.jpg", "image/jpeg"))
    cleaned = Image.open(io.BytesIO(data))
    assert extension == "jpg"
    assert not cleaned.getexif()
    assert b"SentinelCam" not in data and b"Exif" not in data


@pytest.fixture
def idea(wijk, make_user):
    from samenspel.initiatives import services

    author = make_user(Role.RESIDENT, wijk, display_name="Ida")
    return services.submit_idea(
        user=author, place=wijk, title="Een bankje bij de speeltuin", description="Zodat ouders kunnen zitten."
    )


def test_idea_photos_get_random_names_and_safe_headers(client, idea):
    from samenspel.initiatives import services

    upload = _upload(_jpeg_with_gps(), "mijn-adres-Oosterparkweg-1.jpg", "image/jpeg")
    photo = services.add_photos(user=idea.author, idea=idea, photos=[(upload, "Het bankje")])[0]
    assert re.fullmatch(r"ideas/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", photo.image.name), photo.image.name
    response = client.get(reverse("initiatives:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert b"SentinelCam" not in body
    # A hidden idea's photo is not served to the public.
    type(idea).objects.filter(pk=idea.pk).update(is_hidden=True)
    assert client.get(reverse("initiatives:photo", args=[photo.pk])).status_code == 404


def test_report_photos_are_checked_and_renamed():
    from samenspel.decisions.services import validate_photo

    with pytest.raises(ValidationError):
        validate_photo(_upload(SVG, "foto.png", "image/png"), "Een foto")
    content, _alt = validate_photo(_upload(_jpeg_with_gps(), "Jan-de-Vries.jpg", "image/jpeg"), "Een foto")
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", content.name)
    assert b"SentinelCam" not in content.read()


# --- Meeting documents (PDF) -----------------------------------------------------------------------


def _pdf() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (255, 255, 255)).save(out, format="PDF")
    return out.getvalue()


@pytest.fixture
def meeting(wijk, make_user):
    from samenspel.deliberation import services

    body = Organisation.objects.create(name="Wijkraad", kind=OrganisationKind.NEIGHBOURHOOD_BODY, place=wijk)
    member = make_user(Role.RESIDENT, wijk)
    Membership.objects.create(user=member, role=Role.BODY_MEMBER, place=wijk, organisation=body)
    starts = timezone.now() + datetime.timedelta(days=14)
    return services.plan_meeting(
        user=member,
        kind="body_meeting",
        title="Openbare vergadering",
        organisation=body,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        location_name="Wijkcentrum",
        address="Oosterparkweg 1, Groningen",
        documents_days_before=7,
    )


@pytest.mark.parametrize("data", [HTML, SVG, PNG_HTML, _gif(), b""])
def test_meeting_documents_must_be_pdf_by_content(data):
    from samenspel.deliberation.services import check_pdf

    with pytest.raises(ValidationError):
        check_pdf(ContentFile(data, name="stuk.pdf"))


def test_meeting_documents_get_random_names_and_are_downloaded_not_shown(client, meeting):
    from samenspel.deliberation import services

    member = meeting.organisation.memberships.get().user
    document = services.add_document(
        user=member, meeting=meeting, title="Voorstel speeltuin", file=ContentFile(_pdf(), name="../../geheim.html")
    )
    assert re.fullmatch(rf"meetings/{meeting.pk}/[0-9a-f]{{32}}\.pdf", document.file.name), document.file.name
    response = client.get(reverse("deliberation:document", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "voorstel-speeltuin.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


# --- Register extract, budget import, address list -----------------------------------------------


@pytest.mark.parametrize("data", [HTML, b"\x00\x01\x02\x03" * 100, _gif(), b""])
def test_register_extract_refuses_what_is_not_a_register_csv(data):
    from samenspel.sortition.register import parse_extract

    with pytest.raises(ValidationError):
        parse_extract(_upload(data, "extract.csv", "text/csv"))


def test_register_extract_is_size_limited(monkeypatch):
    from samenspel.sortition import register

    monkeypatch.setattr(register, "MAX_BYTES", 100)
    row = b"id,age,gender,buurt,address\n" + b"1,40,f,Noord,Straat 1\n" * 10
    with pytest.raises(ValidationError):
        register.parse_extract(_upload(row, "extract.csv", "text/csv"))


@pytest.mark.parametrize(
    ("data", "name"),
    [(HTML, "begroting.csv"), (HTML, "begroting.xlsx"), (_gif(), "begroting.xlsx"), (b"a,b\n1,2\n", "begroting.exe")],
)
def test_budget_import_refuses_what_is_not_a_budget(municipality, data, name):
    from samenspel.finance.importing import ImportRefused, import_budget
    from samenspel.finance.models import BudgetLine

    with pytest.raises(ImportRefused):
        import_budget(data, name, municipality=municipality, year=2026)
    assert not BudgetLine.objects.exists()


def test_budget_import_is_size_limited(municipality, monkeypatch):
    from samenspel.finance import importing

    monkeypatch.setattr(importing, "MAX_BYTES", 10)
    with pytest.raises(importing.ImportRefused):
        importing.import_budget(b"taakveld;bedrag\n" * 10, "b.csv", municipality=municipality, year=2026)


def test_address_list_is_size_limited():
    from samenspel.budgeting import forms_voting

    big = _upload(b"naam;straat;postcode;plaats\n" + b"x" * (forms_voting.MAX_CSV_BYTES + 1), "a.csv", "text/csv")
    form = forms_voting.LettersForm(data={}, files={"addresses": big}, max_addresses=10)
    assert not form.is_valid() and "addresses" in form.errors
