"""The afsprakenkaart as a PDF: the same content as the HTML card page, laid out for A4 and
printed with WeasyPrint. A typical neighbourhood agreement (3-4 scope items) fits on two
pages. The PDF is tagged (PDF/UA-1) so screen readers can follow it, uses only system
fonts (DejaVu Sans) and never fetches anything over the network."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Phase
from .overview import version_sections


def card_context(version) -> dict:
    return {
        "version": version,
        "trajectory": version.trajectory,
        **version_sections(version),
        "phases": Phase.choices,
        "generated_on": timezone.localdate(),
    }


def render_card_pdf(version, request=None) -> bytes:
    import weasyprint  # imported here: loading Pango is slow and only the PDF needs it
    from weasyprint.urls import URLFetcher

    context = card_context(version)
    context["site_name"] = getattr(settings, "SAMENSPEL_SITE_NAME", "Samenspel")
    base_url = request.build_absolute_uri("/") if request is not None else None
    context["online_url"] = request.build_absolute_uri(version.get_absolute_url()) if request is not None else ""
    html = render_to_string("agreements/card_pdf.html", context)
    # The card needs no images, stylesheets or fonts from elsewhere: allow no protocol at
    # all, so nothing in the agreement's text can make the server fetch a URL.
    fetcher = URLFetcher(allowed_protocols=())
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")
