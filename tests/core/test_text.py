from samenspel.core.text import plain_text, render_markdown


def test_markdown_is_rendered():
    assert render_markdown("*mooi*") == "<p><em>mooi</em></p>"


def test_script_and_event_handlers_are_removed():
    html = render_markdown("<script>alert(1)</script><img src=x onerror=alert(1)> [a](javascript:alert(1))")
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_links_get_safe_rel():
    html = render_markdown("[site](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "nofollow" in html


def test_plain_text_strips_tags():
    assert plain_text("<b>Anouk</b>") == "Anouk"
