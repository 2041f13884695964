"""Description HTML -> plain text that keeps the advert's headings and bullets as lines."""

from __future__ import annotations

from scrapers.description_text import html_to_text


def test_headings_paragraphs_and_bullets_become_separate_lines() -> None:
    markup = ("<h3>About us</h3><p>We run trains.</p><h3>Requirements</h3>"
              "<ul><li>Lead a team of 12</li><li>ITIL v4</li></ul>")
    assert html_to_text(markup).splitlines() == [
        "About us", "We run trains.", "Requirements", "- Lead a team of 12", "- ITIL v4"]


def test_inline_markup_does_not_break_a_sentence() -> None:
    markup = "<p>Experience with <b>AWS</b>, <a href='#'>Azure</a> and <em>GCP</em>.</p>"
    assert html_to_text(markup) == "Experience with AWS, Azure and GCP."


def test_nested_lists_keep_every_bullet_on_its_own_line() -> None:
    markup = "<ul><li>Cloud<ul><li>AWS</li><li>Azure</li></ul></li><li>Budgets</li></ul>"
    assert html_to_text(markup).splitlines() == ["- Cloud", "- AWS", "- Azure", "- Budgets"]


def test_line_breaks_split_lines() -> None:
    assert html_to_text("Line one<br>Line two<br/>Line three").splitlines() == [
        "Line one", "Line two", "Line three"]


def test_entities_are_decoded() -> None:
    assert html_to_text("<p>R&amp;D &ndash; 5&nbsp;days</p>") == "R&D \u2013 5 days"


def test_escaped_html_from_greenhouse_is_unescaped_then_parsed() -> None:
    escaped = ("&lt;h3&gt;About us&lt;/h3&gt;&lt;p&gt;Fish &amp;amp; chips&lt;/p&gt;"
               "&lt;ul&gt;&lt;li&gt;Kubernetes&lt;/li&gt;&lt;/ul&gt;")
    assert html_to_text(escaped).splitlines() == ["About us", "Fish & chips", "- Kubernetes"]


def test_text_mentioning_comparison_signs_is_not_mistaken_for_markup() -> None:
    assert html_to_text("<p>Teams of &lt; 10 people</p>") == "Teams of < 10 people"


def test_scripts_and_styles_are_dropped() -> None:
    markup = ("<style>p { color: red }</style><p>Keep me</p>"
              "<script>track('view');</script><p>And me</p>")
    assert html_to_text(markup).splitlines() == ["Keep me", "And me"]


def test_plain_text_keeps_its_own_lines() -> None:
    assert html_to_text("First line\n\n  Second   line ") == "First line\nSecond line"


def test_empty_input_gives_empty_text() -> None:
    assert html_to_text(None) == ""
    assert html_to_text("   ") == ""
    assert html_to_text("<p> </p>") == ""


def test_heading_followed_by_bare_text_starts_a_new_line() -> None:
    assert html_to_text("<h2>About us</h2>We build ships.<h2>You</h2>Calm under pressure") \
        == "About us\nWe build ships.\nYou\nCalm under pressure"


def test_escaped_bullets_become_bullet_lines() -> None:
    escaped = "&lt;h3&gt;Skills&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;ITIL &amp;amp; COBIT&lt;/li&gt;" \
              "&lt;li&gt;Azure&lt;/li&gt;&lt;/ul&gt;"
    assert html_to_text(escaped) == "Skills\n- ITIL & COBIT\n- Azure"


def test_line_break_inside_a_bullet_continues_on_the_next_line() -> None:
    assert html_to_text("<ul><li>Budgets<br>and vendors</li></ul>") \
        == "- Budgets\nand vendors"


def test_table_cells_stay_apart_and_rows_become_lines() -> None:
    assert html_to_text("<table><tr><td>Salary</td><td>£90k</td></tr>"
                        "<tr><td>Location</td><td>Leeds</td></tr></table>") \
        == "Salary £90k\nLocation Leeds"


def test_comments_styles_and_inline_scripts_in_the_body_are_dropped() -> None:
    markup = ("<div><!-- tracking --><style>.x{color:red}</style><p>Lead the team.</p>"
              "<script>window.dataLayer=[];</script><noscript>Enable JS</noscript></div>")
    assert html_to_text(markup) == "Lead the team."


def test_non_breaking_and_unicode_spaces_collapse() -> None:
    assert html_to_text("<p>Head&nbsp;of\u2003IT&#160;&#160;Operations</p>") \
        == "Head of IT Operations"


def test_numeric_and_named_entities_are_decoded() -> None:
    assert html_to_text("<p>R&amp;D &ndash; &#8364;90k &#x2013; caf&eacute;</p>") \
        == "R&D – €90k – café"


def test_markup_with_control_characters_does_not_raise() -> None:
    assert html_to_text("<p>Lead\x00 the\x0b team</p>\x1f") == "Lead the team"


def test_bullets_wrapping_their_text_in_paragraphs_keep_their_marker():
    text = html_to_text("<ul><li><p>Lead the IT team</p></li><li></li></ul><p>About us</p>")
    assert text.splitlines() == ["- Lead the IT team", "About us"]
