"""HTML: one self-contained page (no script, no network) with a chart of each disputed group.

The summary (rows, statuses, each source's coverage and the roll-up by perpetrator and victims,
where :mod:`reconcile.rollup` is there) comes first, then each incident: a chart and the claims of
every group two or more sources speak about, a table of the single-source ones, the notes. The view
(:mod:`reconcile.triage`) chooses the groups listed, as for the table: a big comparison, only the
groups two or more sources speak about.

Charts are SVG written here, not drawn by a plotting library: each source's interval is a bar from
low to high (an arrow where there is no upper bound), its best figure a dot, on a log scale when the
figures span more than a factor of 10. Statuses are told by a colour, a pattern and their name, so
the page reads in greyscale too. Every piece of user text is escaped; only http(s) URLs become links.
"""

from __future__ import annotations

import html
import math
from urllib.parse import urlsplit

import pandas as pd

from reconcile.compare import SEVERITY, STATUS_MEANING, Comparison
from reconcile.render.numbers import day, interval, number, ratio, span
from reconcile.render.safe import printable
from reconcile.render.wide import Block, all_footnotes, victims_label

#: status -> (colour, the pattern drawn over it); most severe first.
STATUS_LOOK = {
    "disjoint": ("#b2182b", '<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.3"'
                            ' stroke-opacity=".7"/>'),
    "overlapping": ("#d66a00", '<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5" stroke="#fff" stroke-width="1.6"'
                               ' stroke-opacity=".7"/>'),
    "consistent": ("#1b7837", ""),
    "single-source": ("#737373", '<circle cx="3" cy="3" r="1.3" fill="#fff" fill-opacity=".8"/>'),
}
LOG_SPREAD = 10  # a log scale when the largest figure is more than this times the smallest
WIDTH, LABELS, RIGHT, ROW, TOP, AXIS = 640, 150, 34, 24, 6, 26
MAX_REJECTED = 100

_CSS = """
.reconcile-report{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
color:#1a1a1a;max-width:1000px;
margin:0 auto;padding:0 16px 32px}
.reconcile-report h1{font-size:1.5em;margin:.6em 0 .2em}\
.reconcile-report h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:2px solid #ccc}
.reconcile-report h3{font-size:1.05em;margin:.2em 0 .4em}.reconcile-report .meta{color:#555;margin:.2em 0 1em}
.reconcile-report table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}
.reconcile-report th,.reconcile-report td{border:1px solid #d4d4d4;padding:3px 8px;text-align:left;\
vertical-align:top}
.reconcile-report th{background:#f2f2f2}\
.reconcile-report td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.reconcile-report .group{border:1px solid #ccc;border-left:6px solid #999;border-radius:4px;\
padding:8px 12px;margin:12px 0}
.reconcile-report .group.disjoint{border-left-color:#b2182b}\
.reconcile-report .group.overlapping{border-left-color:#d66a00}
.reconcile-report .group.consistent{border-left-color:#1b7837}
.reconcile-report .badge{display:inline-flex;align-items:center;gap:4px;border:1px solid #444;\
border-radius:3px;padding:0 5px;
font-size:.85em;font-weight:600;background:#fff;white-space:nowrap}
.reconcile-report .badge svg{width:14px;height:14px}\
.reconcile-report .pair,.reconcile-report .note{color:#555}
.reconcile-report .conflict{font-weight:600;color:#6a1b9a}
.reconcile-report figure{margin:4px 0}.reconcile-report figure svg{max-width:100%;height:auto}\
.reconcile-report figcaption{color:#555;font-size:.85em}
.reconcile-report svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#1a1a1a}
.reconcile-report svg .tick{fill:#555;font-size:11px}.reconcile-report q{font-style:italic}
.reconcile-report .defs{position:absolute;width:0;height:0;overflow:hidden}\
.reconcile-report .scroll{overflow-x:auto}
.reconcile-report td small{color:#555}
"""


def _text(value) -> str:
    """User text for HTML: no control characters or direction overrides, every markup character escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(printable(value))


def _url(value) -> str:
    """An http(s) URL, escaped for an attribute; "" for anything else (``javascript:`` ...)."""
    text = printable(value).strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[::1": no URL
        return ""
    return html.escape(text) if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _linked(shown: str, url: str) -> str:
    return f'<a href="{url}" rel="noopener noreferrer">{shown}</a>' if url and shown else shown


def badge(status: str) -> str:
    """A status as its name beside a swatch of its colour and pattern."""
    return (f'<span class="badge {status}"><svg viewBox="0 0 14 14" aria-hidden="true"><rect width="14" '
            f'height="14" fill="url(#rc-{status})" stroke="#333"/></svg>{html.escape(status)}</span>')


def _patterns() -> str:
    tiles = "".join(
        f'<pattern id="rc-{status}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{colour}"/>{over}</pattern>'
        for status, (colour, over) in STATUS_LOOK.items()
    )
    return f'<svg class="defs" aria-hidden="true" focusable="false"><defs>{tiles}</defs></svg>'


# --------------------------------------------------------------------------
# Charts


def _nice_step(top: float) -> float:
    raw = max(top / 4, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def scale(values: list[float]) -> tuple[bool, float, float, list[float]]:
    """(log?, axis start, axis end, ticks) for these figures (infinite ones left out)."""
    finite = [v for v in values if math.isfinite(v)]
    top = max(finite, default=0.0)
    positive = [v for v in finite if v > 0]
    if positive and top / min(positive) > LOG_SPREAD:
        low = 10.0 ** math.floor(math.log10(min(positive)))
        high = 10.0 ** math.ceil(math.log10(top))
        decades = round(math.log10(high / low))
        every = max(1, math.ceil(decades / 6))
        return True, low, high, [low * 10.0 ** k for k in range(0, decades + 1, every)]
    step = _nice_step(top or 1.0)
    high = step * max(1, math.ceil(top * 1.05 / step))
    return False, 0.0, high, [step * k for k in range(round(high / step) + 1)]


def interval_chart(claims: list, status: str, label: str) -> str:
    """Each claim's interval as an SVG bar (``claims``: rows with source, low, best, high, figure)."""
    log, start, end, ticks = scale([v for c in claims for v in (c.low, c.best, c.high)])
    left, right = LABELS + 8, WIDTH - RIGHT

    def x(value: float) -> float:
        if log:
            where = ((math.log10(value) - math.log10(start)) / (math.log10(end) - math.log10(start))
                     if value > 0 else 0)
        else:
            where = (value - start) / (end - start)
        return round(left + (right - left) * min(max(where, 0.0), 1.0), 1)

    bottom = TOP + ROW * len(claims)
    height = bottom + AXIS
    colour = STATUS_LOOK[status][0]
    parts = [f'<line x1="{x(t)}" y1="{TOP}" x2="{x(t)}" y2="{bottom}" stroke="#e3e3e3"/>'
             f'<text class="tick" x="{x(t)}" y="{bottom + 16}" text-anchor="middle">{number(t)}</text>'
             for t in ticks]
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#888"/>')
    for i, claim in enumerate(claims):
        y = TOP + ROW * i + ROW // 2
        source = printable(claim.source)
        shown = source if len(source) <= 22 else source[:21] + "…"
        said = (f"{source}: {printable(claim.figure)} ({interval(claim.low, claim.high)}), "
                f"best {number(claim.best)}")
        parts.append(f'<g><title>{html.escape(said)}</title>'
                     f'<text x="{LABELS}" y="{y + 4}" text-anchor="end">{html.escape(shown)}</text>')
        open_end = math.isinf(claim.high)
        x0, x1 = x(claim.low), (right - 6 if open_end else x(claim.high))
        parts.append(f'<rect x="{x0}" y="{y - 5}" width="{max(x1 - x0, 2):.1f}" height="10" '
                     f'fill="url(#rc-{status})" stroke="{colour}"/>')
        if open_end:
            parts.append(f'<path d="M{right - 6} {y - 8}L{right + 6} {y}L{right - 6} {y + 8}Z" '
                         f'fill="{colour}"/>')
        parts.append(f'<circle cx="{x(claim.best)}" cy="{y}" r="4.5" fill="#111" stroke="#fff" '
                     'stroke-width="1.5"/></g>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{html.escape(label)}">'
            f'{"".join(parts)}</svg>'
            + ("<figcaption>log scale</figcaption>" if log else ""))


def _key() -> str:
    """What a chart's marks mean, drawn with the marks themselves."""
    return (
        '<svg width="560" height="26" viewBox="0 0 560 26" role="img" aria-label="chart key">'
        '<rect x="4" y="8" width="60" height="10" fill="#fff" stroke="#333"/>'
        '<text x="72" y="17">a source\'s interval, low to high</text>'
        '<circle cx="270" cy="13" r="4.5" fill="#111"/><text x="280" y="17">its best figure</text>'
        '<rect x="380" y="8" width="34" height="10" fill="#fff" stroke="#333"/>'
        '<path d="M414 5L426 13L414 21Z" fill="#333"/><text x="432" y="17">no upper bound</text></svg>'
    )


# --------------------------------------------------------------------------
# Tables


def table(head: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> str:
    """A table of cells already HTML (escaped); columns at ``numeric`` positions aligned right."""
    header = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric
                                    else f'<td dir="auto">{c}</td>'
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></div>'


def _figures(low: float, best: float, high: float) -> str:
    """A source's figures added up: the best, and the interval when it is wider."""
    if pd.isna(best):
        return "–"
    shown = interval(low, high)
    return number(best) if shown == number(best) else f"{number(best)} <small>({shown})</small>"


def _summary(comparison: Comparison, by: tuple[str, ...] | None) -> str:
    statuses = comparison.groups["status"].value_counts()
    order = sorted(SEVERITY, key=SEVERITY.__getitem__, reverse=True)
    parts = ["<h2>Summary</h2>", table(["status", "groups", "meaning"], [
        [badge(s), f"{int(statuses.get(s, 0)):,}", html.escape(STATUS_MEANING[s])] for s in order],
        (1,)), _key()]
    from reconcile import rollup

    spans = rollup.source_spans(comparison)
    parts += ["<h3>Coverage of sources</h3>", table(["source", "incidents", "days its claims cover"], [
        [_text(r.source), f"{r.incidents:,}", span(r.start, r.end)] for r in spans.itertuples(index=False)],
        (1,))]
    pairs = rollup.coverage(comparison)
    if len(pairs):
        parts.append(table(["sources", "incidents both report", "only the first", "only the second",
                            "periods overlap"], [
            [f"{_text(r.source_a)} &amp; {_text(r.source_b)}", f"{r.both:,}", f"{r.only_a:,}",
             f"{r.only_b:,}", "yes" if r.dates_overlap else "no"] for r in pairs.itertuples(index=False)],
            (1, 2, 3)))
    keys = rollup.row_keys(by or rollup.TRIAGE_KEYS)
    rolled = rollup.roll_up(comparison, keys)
    sources = rollup.rollup_sources(rolled)
    rows = [[_text(victims_label(r[k]) if k == "victims" else r[k]) for k in keys]
            + [f"{r['incidents']:,}", f"{r['shared_incidents']:,}",
               " / ".join(f"{r[s]:,}" for s in ("disjoint", "overlapping", "consistent")),
               ratio(r["worst_spread"])]
            + [_figures(r[f"{s}: low"], r[f"{s}: best"], r[f"{s}: high"]) for s in sources]
            for r in rolled.to_dict("records")]
    numeric = tuple(range(len(keys), len(keys) + 4 + len(sources)))
    head = [*keys, "incidents", "reported by two or more", "disjoint / overlapping / consistent",
            "worst spread", *(f"{_text(s)}, added up" for s in sources)]
    parts += [f"<h3>By {' and '.join(keys)}</h3>", table(head, rows, numeric)]
    return "".join(parts)


#: the claim columns the page shows ("" where the input has none).
CLAIM_COLUMNS = ("group_id", "source", "source_written", "figure", "low", "best", "high", "perpetrator_raw",
                 "actor_status", "actor_rule", "published", "quote", "url", "origin")


def _claims_by_group(claims: pd.DataFrame) -> dict[int, list]:
    """Each group's claims as rows (one pass: a frame per group costs minutes at 50,000 groups)."""
    text = [c for c in CLAIM_COLUMNS if c not in ("group_id", "low", "best", "high", "published")]
    wanted = claims.assign(**{c: "" for c in text if c not in claims},
                           **{c: claims[c].fillna("") for c in text if c in claims})
    wanted = wanted.reindex(columns=list(CLAIM_COLUMNS))
    by_group: dict[int, list] = {}
    for claim in wanted.itertuples(index=False, name="Claim"):
        by_group.setdefault(claim.group_id, []).append(claim)
    return by_group


def _origins(claim) -> str:
    url = _url(claim.url)
    return ", ".join(_linked(_text(o), url) for o in str(claim.origin).split(", "))


def _claims_table(claims: list, perpetrator: str) -> str:
    """The claims of one group: what each source published and where it is."""
    shown = [c for c in ("published", "quote") if any(_text(getattr(claim, c)) for claim in claims)]
    said = any(c.perpetrator_raw and c.perpetrator_raw != perpetrator for c in claims)
    rows = []
    for claim in claims:
        named = claim.source_written and claim.source_written != claim.source
        best = "" if claim.best in (claim.low, claim.high) else f" (best {number(claim.best)})"
        raw = claim.perpetrator_raw if claim.perpetrator_raw != perpetrator else ""
        cells = [_text(claim.source) + (f" as “{_text(claim.source_written)}”" if named else ""),
                 f"<strong>{_text(claim.figure)}</strong>", interval(claim.low, claim.high) + best]
        if said:
            rule = f' <span class="note">({_text(claim.actor_rule)})</span>' \
                if raw and claim.actor_status == "inferred" else ""
            cells.append(_text(raw) + rule)
        if "published" in shown:
            cells.append(day(claim.published))
        if "quote" in shown:
            quote = _text(claim.quote)
            cells.append(_linked(f"<q>{quote}</q>", _url(claim.url)) if quote else "")
        rows.append([*cells, _origins(claim)])
    written = ["perpetrator as written"] if said else []
    return table(["source", "figure as published", "interval", *written, *shown, "origin"], rows)


def _heading(group) -> str:
    victims = _text(victims_label(str(group.victims)))
    spread = f" {ratio(group.spread)}" if group.sources > 1 else ""
    pair = f' <span class="pair">({_text(group.pair)})</span>' if group.sources > 2 and group.pair else ""
    conflict = ' <span class="conflict">attribution conflict</span>' if group.attribution_conflict else ""
    return (f'<h3 dir="auto">{_text(group.perpetrator)} · {victims} '
            f'{badge(group.status)}{spread}{pair}{conflict}</h3>')


def _group(group, claims: list) -> str:
    """A group two or more sources speak about: its chart and its claims."""
    victims = printable(victims_label(str(group.victims)))
    label = (f"{printable(group.perpetrator)}, {victims}: {group.status}; "
             + "; ".join(f"{printable(c.source)} {interval(c.low, c.high)}" for c in claims))
    return (f'<article class="group {group.status}" id="group-{group.group_id}">{_heading(group)}'
            f"<figure>{interval_chart(claims, group.status, label)}</figure>"
            f"{_claims_table(claims, group.perpetrator)}</article>")


def _single_table(groups: list, claims: dict) -> str:
    rows = [[_text(group.perpetrator), _text(victims_label(str(group.victims))), _text(claim.source),
             _text(claim.figure), interval(claim.low, claim.high), _origins(claim)]
            for group in groups for claim in claims[group.group_id]]
    return "<h3>Groups with one source</h3>" + table(
        ["perpetrator", "victims", "source", "figure", "interval", "origin"], rows, (4,))


def _incidents(comparison: Comparison) -> str:
    """Each incident (in the order of its first group): its charted groups, its single-source ones,
    its notes."""
    claims = _claims_by_group(comparison.claims)
    titles = {
        info.incident: Block(info.incident, span(info.start, info.end), printable(info.places), [], [],
                             bool(info.matched)).title
        for info in comparison.incidents.itertuples(index=False)
    }
    notes = all_footnotes(comparison)
    per_incident: dict[str, list] = {}
    for group in comparison.groups.itertuples(index=False):
        per_incident.setdefault(group.incident, []).append(group)
    parts = []
    for incident, groups in per_incident.items():
        parts.append(f'<section class="incident"><h2 dir="auto">{html.escape(titles[incident])}</h2>')
        parts += [_group(group, claims[group.group_id]) for group in groups if group.sources > 1]
        single = [group for group in groups if group.sources <= 1]
        if single:
            parts.append(_single_table(single, claims))
        if notes.get(incident):
            parts.append("<ul>" + "".join(f'<li dir="auto">{html.escape(n)}</li>' for n in notes[incident])
                         + "</ul>")
        parts.append("</section>")
    return "".join(parts)


def _rejected(comparison: Comparison) -> str:
    rejected = comparison.rejected
    if not len(rejected):
        return ""
    items = "".join(f"<li><code>{_text(r.origin)}</code>: {_text(r.reason)}</li>"
                    for r in rejected.head(MAX_REJECTED).itertuples(index=False))
    more = f"<li>… and {len(rejected) - MAX_REJECTED} more</li>" if len(rejected) > MAX_REJECTED else ""
    return f"<h2>Rows not compared</h2><ul>{items}{more}</ul>"


def comparison_html(comparison: Comparison, page: bool = True, view=None) -> str:
    """The report: a whole page, or (``page=False``, for a notebook) the part of it inside ``<body>``.

    ``view`` (:class:`~reconcile.triage.View`) chooses the roll-up shown and the groups listed, as
    for the table: a big comparison lists the groups two or more sources speak about.
    """
    rows = comparison.rows
    incidents = len(comparison.incidents)
    meta = (f"rows: {rows.get('read', 0):,} read, {rows.get('used', 0):,} used, {rows.get('rejected', 0):,} "
            f"rejected · {len(comparison.groups):,} group{'s' if len(comparison.groups) != 1 else ''} in "
            f"{incidents:,} incident{'s' if incidents != 1 else ''}"
            f" · tolerance {comparison.tolerance:.0%} of the larger best figure")
    if comparison.as_of is not None:
        meta += f" · claims published after {comparison.as_of:%Y-%m-%d} ignored"
    body = (f'<div class="reconcile-report"><style>{_CSS}</style>{_patterns()}'
            '<h1>Casualty claims compared</h1>'
            f'<p class="meta">{meta}</p>')
    if len(comparison.groups):
        body += _summary(comparison, view.by if view is not None and view.by else None)
        shown = comparison
        left_out: dict[str, int] = {}
        if view is not None and view.statuses is not None:
            from reconcile.triage import left_out_line, shown_groups

            shown, left_out = shown_groups(comparison, view.statuses)
        body += _incidents(shown)
        if left_out:
            body += f'<p class="note">{html.escape(left_out_line(left_out))}.</p>'
    else:
        body += "<p>No claims to compare.</p>"
    body += _rejected(comparison) + "</div>"
    if not page:
        return body
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        'content="default-src \'none\'; style-src \'unsafe-inline\'">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>reconcile: casualty claims compared</title></head><body>{body}</body></html>\n"
    )
