"""compare --format html: one page, no script, no network; a chart for each disputed group."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from conftest import EXAMPLES, HEADER

import reconcile

COASTAL = EXAMPLES / "coastal-2025.csv"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def charts(page: str) -> list[str]:
    """Each group's <article>, in order."""
    return re.findall(r'<article class="group [^"]+" id="group-\d+">.*?</article>', page, re.S)


def test_the_suffix_picks_html_and_the_page_shows_the_demo(cli, here):
    for name in ("report.html", "report.HTM"):
        assert cli("demo", "-o", name, "--quiet").exit_code == 0
    page = (here / "report.html").read_text(encoding="utf-8")
    assert page == (here / "report.HTM").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert "coastal-2025 · 2025-03-06..2025-03-08 · Latakia, Tartus" in page
    groups = charts(page)
    assert len(groups) == 2 and all(group.count('class="chart"') == 1 for group in groups)
    assert "Transitional government forces · civilians" in groups[0] and ">disjoint</span> 5.6×" in groups[0]
    assert "examples/coastal-2025.csv:3" in groups[0] and "approximately 125" in groups[0]
    # the single-source group is listed, not charted
    assert "Groups with one source" in page and "Assad loyalists" in page
    assert cli("demo", "--format", "html", "--quiet").stdout == page  # stdout too, byte for byte


def test_the_view_options_choose_the_roll_up_and_the_groups(cli, here):
    result = cli("compare", COASTAL, "--show", "disjoint", "--by", "source", "--format", "html", "--quiet")
    assert result.exit_code == 0, result.stderr
    page = html.unescape(result.stdout)
    assert "<h3>By source and victims</h3>" in page
    assert [re.search(r'id="group-\d+"><h3[^>]*>(.*?) <span', g).group(1) for g in charts(page)] == [
        "Transitional government forces · civilians"]
    assert "Groups with one source" not in page
    assert "1 consistent and 1 single-source groups not shown" in page


def test_nothing_is_fetched_and_nothing_runs():
    page = reconcile.compare(COASTAL).to_html()
    assert "<script" not in page and " src=" not in page and "@import" not in page
    assert "default-src 'none'" in page  # the page's own policy: a browser fetches nothing for it


def test_every_status_has_a_pattern_and_a_name_besides_its_colour():
    page = reconcile.compare(COASTAL).to_html()
    for status in ("disjoint", "overlapping", "consistent", "single-source"):
        assert f'<pattern id="rc-{status}"' in page
        assert re.search(rf'<span class="badge {status}">.*?{status}</span>', page)
    patterns = re.findall(r'<pattern id="rc-[^"]+".*?</pattern>', page)
    assert len({re.sub(r'id="[^"]+"|fill="#\w+"', "", p) for p in patterns}) == 4  # four shapes, not four hues


def test_open_ends_are_arrows_and_wide_spreads_a_log_scale(claims_file):
    path = claims_file(
        "i,SOHR,more than 700,2025-03-06,2025-03-06,civilians,,,",
        "i,SNHR,approximately 12,2025-03-06,2025-03-06,civilians,,,",
        "j,SOHR,40,2025-03-06,2025-03-06,civilians,,,",
        "j,SNHR,30,2025-03-06,2025-03-06,civilians,,,",
    )
    wide, narrow = charts(reconcile.compare(path).to_html())
    assert "log scale" in wide and "log scale" not in narrow
    assert len(re.findall(r'<path d="M[\d.]+ [\d.]+L', wide)) == 1  # one arrow: SOHR's "more than"
    assert ">1,000</text>" in wide and ">10</text>" in wide  # decades
    assert len(re.findall(r"<circle", narrow)) == 2 and "<path d=" not in narrow


def test_user_text_is_escaped_and_only_web_urls_are_links(write):
    path = write("evil.csv", HEADER.replace("published", "published,url,quote") + "".join([
        'i,<script>alert(1)</script>,700,2025-03-06,2025-03-06,civilians,<b>army</b>,,,'
        'https://example.org/a?x=1&y="2",said <i>"700"</i>\n',
        "i,SNHR\u202e007,125,2025-03-06,2025-03-06,civilians,,,,javascript:alert(1),125 \x1b[31mdead\n",
    ]))
    page = reconcile.compare(path).to_html()
    assert "<script" not in page and "<b>army" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;army&lt;/b&gt;" in page
    assert '<a href="https://example.org/a?x=1&amp;y=&quot;2&quot;" rel="noopener noreferrer">' in page
    assert 'href="javascript' not in page and "\u202e" not in page and "\x1b" not in page
    assert "SNHR007" in page


def test_the_same_comparison_gives_the_same_page():
    assert reconcile.compare(COASTAL).to_html() == reconcile.compare(COASTAL).to_html()


def test_no_claims_is_said(claims_file):
    with pytest.warns(reconcile.ReconcileWarning):
        page = reconcile.compare(claims_file("i,SOHR,many,2025-03-06,2025-03-06,civilians,,,")).to_html()
    assert "No claims to compare." in page and "Rows not compared" in page
    assert "claims.csv:2</code>: figure 'many': cannot read a number in 'many'" in html.unescape(page)


# --------------------------------------------------------------------------
# In a browser


def _browser() -> str:
    found = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    if found is None:
        pytest.skip("no chromium binary (apt-get install chromium) to render the page with")
    return found


def _run(browser: str, *args: str, profile) -> subprocess.CompletedProcess:
    command = [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars",
               "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180)


def test_the_demo_report_renders_in_a_browser_with_a_chart_per_group(cli, tmp_path):
    browser = _browser()
    page = tmp_path / "report.html"
    assert cli("demo", "-o", page, "--quiet").exit_code == 0
    url = page.as_uri()

    shot = tmp_path / "report.png"
    shown = _run(browser, "--window-size=1100,1500", f"--screenshot={shot}", url, profile=tmp_path / "profile")
    assert shot.is_file() and shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000, shown.stderr
    console = [line for line in shown.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == []  # no script error, no blocked fetch: the page needs nothing but itself

    dumped = _run(browser, "--dump-dom", url, profile=tmp_path / "profile")
    dom = dumped.stdout
    assert "Casualty claims compared" in dom, dumped.stderr
    groups = re.findall(r'<article class="group[^"]*" id="group-\d+">.*?</article>', dom, re.S)
    assert len(groups) == 2
    for group in groups:
        assert len(re.findall(r'<svg[^>]*class="chart"', group)) == 1
        assert len(re.findall(r"<circle", group)) == 2  # a best figure per source
