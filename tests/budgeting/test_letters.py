"""The voting letters are a real PDF: one page per eligible address, each with its own code
(which votes), the instructions and a QR code; the addresses are not stored anywhere."""

import base64
import io
import re

import pytest
from django.core.management import call_command
from PIL import Image
from pypdf import PdfReader

from samenspel.budgeting import letters, voting
from samenspel.budgeting.models import Ballot, Project, ProjectStatus, VotingCode

from .conftest import make_round

CODE_RE = re.compile(r"\b[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}\b")


def addresses():
    return [
        voting.Address("Mevrouw A. Zwanenburg", "Zaagmuldersweg 12", "9713 AB", "Groningen"),
        voting.Address("J. Hoogeveen-Tjalsma", "Oosterparkweg 103 A", "9713 CD", "Groningen"),
        voting.Address("Familie Uiterwijk", "Damsterdiep 7", "9711 SG", "Groningen"),  # outside the postcodes
    ]


@pytest.fixture
def letters_pdf(budget, official):
    round_ = make_round(budget, postcodes="9713")
    batch, pdf = voting.generate_codes(
        round_,
        official,
        addresses(),
        contact="Bel het gebiedsteam: 14 050",
        paper_voting="Stem op papier in buurthuis De Kar, maandag 10-12 uur.",
    )
    return round_, batch, pdf


def page_texts(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_one_page_per_letter_with_code_and_instructions(letters_pdf):
    round_, batch, pdf = letters_pdf
    reader = PdfReader(io.BytesIO(pdf))
    assert batch.letters == 2 and batch.skipped == 1
    assert len(reader.pages) == batch.letters
    assert str(reader.trailer["/Root"]["/Lang"]) == "nl"  # the letter is written in Dutch
    # The sentences as the Dutch catalogue (locale/nl) has them.
    how = "Zo stem je, in 3 stappen"
    secret = "Je stem is geheim. De code laat alleen zien dat deze brief is gebruikt, niet wat je koos."
    keep = "Bewaar deze brief goed: wie de code heeft, kan ermee stemmen."
    texts = page_texts(pdf)
    codes = []
    for text, address in zip(texts, addresses()[:2], strict=True):
        assert address.name in text and address.street in text and "GRONINGEN" in text
        assert how in text and secret in text and keep in text
        assert "Bel het gebiedsteam: 14 050" in text and "buurthuis De Kar" in text
        assert letters.vote_url(round_) in text.replace(" ", "")  # the address may wrap
        assert round_.title in text
        found = CODE_RE.findall(text)
        assert len(found) == 1
        codes.append(found[0])
    assert len(set(codes)) == 2
    # One QR code per letter, carrying the vote link with that letter's code.
    printed = {bytes(image.image.convert("1").tobytes()) for page in reader.pages for image in page.images}
    assert len(printed) == batch.letters
    for code in codes:
        png = base64.b64decode(letters.qr_data_uri(letters.vote_url(round_, code)).split(",", 1)[1])
        assert Image.open(io.BytesIO(png)).convert("1").tobytes() in printed
    # The printed codes are the ones stored (as hashes) and they vote.
    assert {voting.code_key(c) for c in codes} == set(VotingCode.objects.values_list("code_hash", flat=True))
    project = Project.objects.create(round=round_, title="A", summary="-", cost_cents=1, status=ProjectStatus.ON_BALLOT)
    voting.cast_with_code(round_, codes[0], {project.pk: 1})
    assert Ballot.objects.filter(round=round_).count() == 1


def test_the_qr_code_carries_the_vote_link_with_the_code(budget, settings):
    settings.SAMENSPEL_BASE_URL = "https://samenspel.gemeente.example/"
    round_ = make_round(budget)
    assert letters.vote_url(round_, "k7qm-4xpa-9trw") == (
        f"https://samenspel.gemeente.example/begroten/ronde/{round_.pk}/stemmen/?code=K7QM4XPA9TRW"
    )
    uri = letters.qr_data_uri(letters.vote_url(round_, "K7QM4XPA9TRW"))
    assert uri.startswith("data:image/png;base64,")


def test_addresses_are_not_stored(letters_pdf, db):
    round_, batch, pdf = letters_pdf
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    stored = dump.getvalue()
    for address in addresses():
        assert address.name not in stored
        assert address.street not in stored
    for code in CODE_RE.findall(" ".join(page_texts(pdf))):
        assert code not in stored and code.replace("-", "") not in stored
