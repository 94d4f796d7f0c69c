"""User-written text: Markdown rendered to HTML, then sanitised with nh3 (Ammonia), so
nothing a user types can run script or break the page."""

import functools
import html

import markdown as md
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "code",
    "pre",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@functools.lru_cache(maxsize=1024)  # pure: lists show the same texts to every visitor
def render_markdown(text: str) -> str:
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )


def plain_text(text: str) -> str:
    """Text with every tag removed, for titles and places where no markup belongs. Stored
    unescaped ("&", not "&amp;"): templates escape on output."""
    return html.unescape(nh3.clean(text or "", tags=set()))
