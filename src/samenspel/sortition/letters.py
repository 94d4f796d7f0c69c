"""Invitation letters for a draw by lot, as one PDF printed with WeasyPrint: one A4 page per
letter with the sender, the name (or "the residents of") and address where a window envelope
shows them, the reply code in large type, a QR code that opens the reply page with the code
filled in, and plain instructions. Written in Dutch first (English message ids, translated
like every other string). Like the voting letters (budgeting/letters.py) it is tagged PDF/UA-1
and fetches nothing over the network: the QR codes are embedded PNG data URIs."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .services import format_code, reply_url


def qr_data_uri(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).png_data_uri(scale=4, border=4)


def letters_context(draw, letters) -> dict:
    place = draw.place
    return {
        "draw": draw,
        "place": place,
        "municipality": place.root,
        "site_name": getattr(settings, "SAMENSPEL_SITE_NAME", "Samenspel"),
        "reply_url": reply_url(),
        "generated_on": timezone.localdate(),
        "letters": [
            {
                "number": number,
                "name": data.get("name", ""),
                "address": data.get("address", ""),
                "postcode": data.get("postcode", ""),
                "city": data.get("city", ""),
                "code": format_code(data["code"]),
                "qr": qr_data_uri(reply_url(data["code"])),
            }
            for number, data in letters
        ],
    }


def render_letters_pdf(draw, letters) -> bytes:
    """`letters`: (letter number, {name, address, postcode, city, code}) pairs in print order."""
    import weasyprint  # imported here: loading Pango is slow and only the PDF needs it
    from weasyprint.urls import URLFetcher

    with translation.override("nl"):
        html = render_to_string("sortition/letters/letters.html", letters_context(draw, letters))
    document = weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return document.write_pdf(pdf_variant="pdf/ua-1")
