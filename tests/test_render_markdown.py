"""Markdown as a reader sees it (issue #15): figures exactly as each source published them,
victim categories in words, and only what Markdown would read escaped (pipes always).

"As a reader sees it" is checked by rendering the Markdown with markdown-it-py (rich's own
Markdown parser) with GitHub's tables and strikethrough.
"""

from __future__ import annotations

import html
import re

import pytest

from reconcile.render.markdown import escape

# European thousands marks ("over 1.000", "1.200"), a victim category with an underscore, a
# source and a perpetrator with a pipe, and text Markdown would read as emphasis or a reference.
EUROPEAN = (
    "incident,source,figure,date,victims,perpetrator\n"
    "x,SOHR,over 1.000,2025-03-07,security personnel,government forces\n"
    "x,SNHR,1.200,2025-03-07,security_personnel,government forces\n"
    "x,A|B,~1.100,2025-03-07,security personnel,_loyalists_ | AT&T &amp;\n"
)


def rendered(markdown: str) -> str:
    """The text a reader sees: the Markdown rendered to HTML, tags and entities undone."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def cells(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


@pytest.fixture
def european(here, cli, write):
    write("eu.csv", EUROPEAN)
    result = cli("compare", "eu.csv", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_figures_are_shown_as_published(european):
    assert "**over 1.000**" in european and "**1.200**" in european and "**~1.100**" in european
    shown = cells(rendered(european))
    assert any(cell.startswith("over 1.000 (≥1,000)") for cell in shown), shown
    assert any(cell.startswith("1.200 (1,200)") for cell in shown), shown
    assert any(cell.startswith("~1.100 (990–1,210)") for cell in shown), shown
    assert "over 1000" not in european


def test_victim_categories_read_as_words(european):
    assert "security\\_personnel" not in european and "security_personnel" not in european
    rows = [line for line in european.splitlines() if line.startswith("| ") and "Perpetrator" not in line]
    assert rows and all(line.split(" | ")[1] == "security personnel" for line in rows)
    assert "security personnel" in cells(rendered(european))


def test_pipes_and_markup_are_still_escaped(european):
    assert "A\\|B" in european
    page = rendered(european)
    table = page[page.index("<table>"):page.index("</table>")]
    assert "<em>" not in table and "<s>" not in table and "<del>" not in table and "<a " not in table
    shown = cells(page)
    assert "_loyalists_ | AT&T &amp;" in shown, shown  # as written, after rendering
    header = next(line for line in european.splitlines() if line.startswith("| Perpetrator"))
    columns = len(re.findall(r"(?<!\\)\|", header))
    for line in european.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) == columns, line


def test_roll_up_shows_categories_in_words_and_figures_as_published(here, cli, write):
    write("eu.csv", EUROPEAN)
    out = cli("compare", "eu.csv", "--format", "markdown", "--by", "victims").stdout
    assert "| security personnel |" in out
    assert "government forces · security personnel: SNHR 1.200, SOHR over 1.000" in out
    assert "security_personnel" not in out and "security\\_personnel" not in out


@pytest.mark.parametrize(("text", "shown"), [
    ("over 1.000", "over 1.000"),
    ("security_personnel", "security_personnel"),
    ("AT&T", "AT&T"),
    ("~700", "~700"),
    ("_x_", r"\_x\_"),
    ("a *b*", r"a \*b\*"),
    ("~s~", r"\~s\~"),
    ("&amp; &#38; &#x26;", r"\&amp; &\#38; &\#x26;"),
    ("A|B", r"A\|B"),
    ("[l](u) <b>", r"\[l\](u) \<b\>"),
])
def test_escape_only_what_markdown_reads(text, shown):
    assert escape(text) == shown
    page = rendered(f"| a |\n|---|\n| {escape(text)} |\n")
    assert cells(page) == [text]
