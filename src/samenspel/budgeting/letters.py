"""Voting letters as one PDF, printed with WeasyPrint: one A4 page per address with the
sender, the name and address where a window envelope shows them, the voting code in large
type, a QR code that opens the vote page with the code filled in, and plain instructions.
The letter is written in Dutch (English message ids, translated like every other string).
Like the afsprakenkaart (agreements/card.py) it is tagged PDF/UA-1 and fetches nothing over
the network; the QR codes are embedded as PNG data URIs, the only protocol allowed."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import BallotType
from .voting import format_code, normalise_code


def vote_url(round, code: str | None = None) -> str:
    """The address of the vote page (for people who type it), or with the code for the QR code."""
    url = settings.SAMENSPEL_BASE_URL.rstrip("/") + reverse("budgeting:vote_start", args=[round.pk])
    return f"{url}?code={normalise_code(code)}" if code else url


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).png_data_uri(scale=4, border=4)


def letters_context(round, letters, *, contact="", paper_voting="") -> dict:
    place = round.budget.place
    return {
        "round": round,
        "place": place,
        "municipality": place.root,
        "site_name": getattr(settings, "SAMENSPEL_SITE_NAME", "Samenspel"),
        "vote_url": vote_url(round),
        "closes": timezone.localtime(round.voting_closes),
        "opens": timezone.localtime(round.voting_opens),
        "is_approval": round.ballot_type == BallotType.APPROVAL,
        "is_knapsack": round.ballot_type == BallotType.KNAPSACK,
        "is_cumulative": round.ballot_type == BallotType.CUMULATIVE,
        "contact": contact,
        "paper_voting": paper_voting,
        "generated_on": timezone.localdate(),
        "letters": [
            {"address": address, "code": format_code(code), "qr": qr_data_uri(vote_url(round, code))}
            for address, code in letters
        ],
    }


def render_letters_pdf(round, letters, *, contact="", paper_voting="") -> bytes:
    """`letters`: (Address, code) pairs, in print order. Returns the PDF bytes."""
    import weasyprint  # imported here: loading Pango is slow and only the PDF needs it
    from weasyprint.urls import URLFetcher

    with translation.override("nl"):
        html = render_to_string(
            "budgeting/letters/letters.html",
            letters_context(round, letters, contact=contact, paper_voting=paper_voting),
        )
    # Only the embedded QR images (data: URIs) may be loaded: nothing an address line or a
    # round's text contains can make the server fetch a URL.
    document = weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return document.write_pdf(pdf_variant="pdf/ua-1")
