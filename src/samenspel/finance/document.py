"""The challenge agreement as a public document: the same content as its HTML page, laid out
for A4 and printed with WeasyPrint (as the afsprakenkaart is, agreements/card.py). Tagged
(PDF/UA-1), system fonts only, nothing fetched over the network."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def agreement_context(challenge) -> dict:
    agreement = challenge.agreement
    return {
        "challenge": challenge,
        "agreement": agreement,
        "talks": list(agreement.talks.all()),
        "transfers": list(agreement.transfers.select_related("from_line__taakveld", "to_line")),
        "generated_on": timezone.localdate(),
    }


def render_agreement_pdf(challenge, request=None) -> bytes:
    import weasyprint  # imported here: loading Pango is slow and only the PDF needs it
    from weasyprint.urls import URLFetcher

    context = agreement_context(challenge)
    context["site_name"] = getattr(settings, "SAMENSPEL_SITE_NAME", "Samenspel")
    context["online_url"] = request.build_absolute_uri(challenge.agreement.get_absolute_url()) if request else ""
    html = render_to_string("finance/agreement_pdf.html", context)
    # Nothing in the agreement's text may make the server fetch a URL: allow no protocol at all.
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    return document.write_pdf(pdf_variant="pdf/ua-1")
