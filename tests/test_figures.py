"""Tests for reconcile.figures: published figure text -> (low, best, high, qualifier)."""

import re
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile import figures
from reconcile.figures import Figure, FigureError, parse_figure, parse_figures

INF = math.inf
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


# --- phrases ---------------------------------------------------------------

APPROX = (112.5, 125, 137.5, "approximately")
MORE = (700, 700, INF, "more than")
AT_LEAST = (700, 700, INF, "at least")
UP_TO = (0, 50, 50, "up to")
NEARLY = (45, 50, 50, "nearly")
RANGE = (12, 12, 15, "range")

CASES = {
    # exact
    "125": (125, 125, 125, "exact"),
    "0": (0, 0, 0, "exact"),
    "125 people killed": (125, 125, 125, "exact"),
    "  125  ": (125, 125, 125, "exact"),
    # approximately
    "approximately 125": APPROX,
    "APPROXIMATELY   125": APPROX,
    "about 125": APPROX,
    "around 125": APPROX,
    "some 125 civilians": APPROX,
    "roughly 125": APPROX,
    "approx. 125": APPROX,
    "approx.125": APPROX,
    "~125": APPROX,
    "~ 125": APPROX,
    "c. 125": APPROX,
    "circa 125": APPROX,
    "125 or so": APPROX,
    # more than
    "more than 700": MORE,
    "More Than 700 civilians": MORE,
    "over 700": MORE,
    "in excess of 700": MORE,
    "upwards of 700": MORE,
    "700+": MORE,
    "700+ civilians": MORE,
    "700 or more": MORE,
    # at least
    "at least 700": AT_LEAST,
    "At least 700 people": AT_LEAST,
    "no fewer than 700": AT_LEAST,
    "a minimum of 700": AT_LEAST,
    # up to
    "up to 50": UP_TO,
    "as many as 50": UP_TO,
    "at most 50": UP_TO,
    # nearly
    "nearly 50": NEARLY,
    "almost 50": NEARLY,
    "just under 50": NEARLY,
    "close to 50": NEARLY,
    "Nearly 50 children": NEARLY,
    # ranges
    "12-15": RANGE,
    "12–15": RANGE,
    "12 - 15": RANGE,
    "12 to 15": RANGE,
    "between 12 and 15": RANGE,
    "Between 12 and 15 civilians": RANGE,
    "from 12 to 15": RANGE,
    "12-12": (12, 12, 12, "range"),
    "1,200-1,500": (1200, 1200, 1500, "range"),
    # vague (ACLED coding)
    "dozens": (12, 12, INF, "vague"),
    "Dozens of civilians": (12, 12, INF, "vague"),
    "tens": (10, 10, INF, "vague"),
    "hundreds": (100, 100, INF, "vague"),
    "scores": (20, 20, INF, "vague"),
    "thousands": (1000, 1000, INF, "vague"),
    "tens of thousands": (10_000, 10_000, INF, "vague"),
    "a dozen": (12, 12, 12, "exact"),
    "dozen": (12, 12, 12, "exact"),
    # separators and decimals
    "1,000": (1000, 1000, 1000, "exact"),
    "over 1,000": (1000, 1000, INF, "more than"),
    "1 000": (1000, 1000, 1000, "exact"),
    "1\u00a0000": (1000, 1000, 1000, "exact"),
    "1\u202f000": (1000, 1000, 1000, "exact"),
    "1,234,567": (1_234_567, 1_234_567, 1_234_567, "exact"),
    "nearly 618,000": (556_200, 618_000, 618_000, "nearly"),
    "1.000": (1000, 1000, 1000, "exact"),  # one group of three: thousands
    "1.5 million": (1_500_000, 1_500_000, 1_500_000, "exact"),
    "3 thousand": (3000, 3000, 3000, "exact"),
    # number words
    "seven hundred": (700, 700, 700, "exact"),
    "more than seven hundred civilians": MORE,
    "one thousand two hundred": (1200, 1200, 1200, "exact"),
    "two hundred and fifty": (250, 250, 250, "exact"),
    "twenty-five": (25, 25, 25, "exact"),
    "a hundred": (100, 100, 100, "exact"),
    "about a hundred": (90, 100, 110, "approximately"),
    "a thousand": (1000, 1000, 1000, "exact"),
    "over a thousand": (1000, 1000, INF, "more than"),
    "twelve to fifteen": RANGE,
    "between one hundred and two hundred": (100, 100, 200, "range"),
    "zero": (0, 0, 0, "exact"),
    "none": (0, 0, 0, "exact"),
    "no deaths": (0, 0, 0, "exact"),
    "no one": (0, 0, 0, "exact"),
    # Arabic
    "٧٠٠": (700, 700, 700, "exact"),
    "۷۰۰": (700, 700, 700, "exact"),
    "١٬٠٠٠": (1000, 1000, 1000, "exact"),
    "أكثر من ٧٠٠": MORE,
    "أكثر من ٧٠٠ مدني": MORE,
    "اكثر من 700": MORE,
    "نحو ١٢٥": APPROX,
    "حوالي ١٢٥": APPROX,
    "حوالى ١٢٥ مدنيا": APPROX,
    "قرابة ١٢٥": APPROX,
    "ما لا يقل عن ٧٠٠": AT_LEAST,
    "على الأقل ٧٠٠": AT_LEAST,
    "٧٠٠ على الأقل": AT_LEAST,
    "ما يصل إلى ٥٠": UP_TO,
    "بين ١٢ و١٥": RANGE,
    "عشرات": (12, 12, INF, "vague"),  # "dozens", as agency copy translates it
    "مئات": (100, 100, INF, "vague"),
    "٣ آلاف": (3000, 3000, 3000, "exact"),
}


@pytest.mark.parametrize("text, expected", CASES.items(), ids=list(CASES))
def test_parse_figure(text, expected):
    figure = parse_figure(text)
    assert figure[:3] == pytest.approx(expected[:3])
    assert figure.qualifier == expected[3]


def test_figure_is_a_namedtuple_of_floats():
    figure = parse_figure("more than 700")
    assert figure == Figure(700.0, 700.0, INF, "more than")
    assert (figure.low, figure.best, figure.high) == (700.0, 700.0, INF)
    assert all(isinstance(x, float) for x in figure[:3])


def test_more_than_n_is_compatible_with_n():
    """Documented choice: "more than N" has low N, not N + 1."""
    assert parse_figure("more than 700").low == parse_figure("700").high


@pytest.mark.parametrize(
    "text, tolerance, expected",
    [
        ("approximately 100", 0.2, (80, 100, 120)),
        ("approximately 100", 0.0, (100, 100, 100)),
        ("nearly 100", 0.25, (75, 100, 100)),
        ("more than 100", 0.5, (100, 100, INF)),
        ("approximately 100", 1.0, (0, 100, 200)),  # the CLI's --tolerance allows 1
    ],
)
def test_tolerance(text, tolerance, expected):
    assert parse_figure(text, tolerance)[:3] == pytest.approx(expected)


@pytest.mark.parametrize("tolerance", [-0.1, 1.01, 2, math.nan])
def test_bad_tolerance_is_a_programming_error(tolerance):
    with pytest.raises(ValueError) as info:
        parse_figure("125", tolerance)
    assert not isinstance(info.value, FigureError)


# --- errors ----------------------------------------------------------------

ERRORS = {
    "": "figure is empty",
    "   ": "figure is empty",
    "-5": "negative figure",
    "\u22125": "negative figure",
    "more than -5": "negative figure",
    "between -5 and 3": "negative figure",
    "many": "cannot read a number in 'many'",
    "unknown": "cannot read a number in 'unknown'",
    "n/a": "cannot read a number",
    "غير معروف": "cannot read a number",
    "700 civilians and 300 fighters": "several numbers",
    "700 and 300": "several numbers",
    "12, 15, 18": "several numbers",
    "15-12": "backwards",
    "between 15 and 12": "backwards",
    "several": "cannot read a number",
    "a few": "cannot read a number",
    "several hundred": "'several' has no agreed number",
    "killed: 125": "cannot read 'killed:'",
    "50%": "percentage",
    "1.5": "a fractional count (1.5)",
    "more than 12-15": "cannot read 'more than' before a range",
    "about 700 or more": "conflicting qualifiers",
    "up to hundreds": "cannot read 'up to'",
}


@pytest.mark.parametrize("text, reason", ERRORS.items(), ids=list(ERRORS))
def test_parse_figure_errors(text, reason):
    with pytest.raises(FigureError) as info:
        parse_figure(text)
    assert reason in str(info.value)


def test_figure_error_is_a_value_error():
    assert issubclass(FigureError, ValueError)


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_missing_values_are_empty_not_zero(missing):
    with pytest.raises(FigureError, match="figure is empty"):
        parse_figure(missing)


# --- parse_figures ---------------------------------------------------------


def test_parse_figures_aligns_with_a_non_default_index():
    texts = pd.Series(
        ["more than 700", "approximately 125", "more than 700", None, "", np.nan, "many", "125"],
        index=[70, 10, 30, 20, 99, 5, 6, 7],
    )
    result = parse_figures(texts)
    assert list(result.columns) == ["low", "best", "high", "qualifier", "figure_error"]
    assert list(result.index) == [70, 10, 30, 20, 99, 5, 6, 7]
    assert result.loc[70].tolist() == [700.0, 700.0, INF, "more than", ""]
    assert result.loc[30].tolist() == [700.0, 700.0, INF, "more than", ""]
    assert result.loc[10, ["low", "best", "high"]].tolist() == pytest.approx([112.5, 125, 137.5])
    assert result.loc[7].tolist() == [125.0, 125.0, 125.0, "exact", ""]
    for missing in (20, 99, 5):  # None, "" and NaN: rejected, never zero
        assert result.loc[missing, ["low", "best", "high"]].isna().all()
        assert result.loc[missing, "qualifier"] == ""
        assert result.loc[missing, "figure_error"] == "figure is empty"
    assert result.loc[6, "figure_error"] == "cannot read a number in 'many'"
    assert result.loc[6, ["low", "best", "high"]].isna().all()


def test_parse_figures_dtypes():
    result = parse_figures(pd.Series(["12-15", "dozens", "x"]))
    for column in ("low", "best", "high"):
        assert result[column].dtype == np.float64
    assert pd.api.types.is_string_dtype(result["qualifier"])
    assert pd.api.types.is_string_dtype(result["figure_error"])
    assert result["qualifier"].tolist() == ["range", "vague", ""]


def test_parse_figures_parses_each_distinct_text_once(monkeypatch):
    calls = []
    real = figures._parse

    def counting(text, *args):
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(figures, "_parse", counting)
    texts = pd.Series(["over 1,000", "125", "over 1,000", "125", "over 1,000"] * 200)
    result = parse_figures(texts)
    assert sorted(calls) == ["125", "over 1,000"]
    assert result["best"].tolist() == [1000.0, 125.0, 1000.0, 125.0, 1000.0] * 200


def test_parse_figures_matches_parse_figure():
    texts = pd.Series(list(CASES) + list(ERRORS), index=range(100, 100 + len(CASES) + len(ERRORS)))
    result = parse_figures(texts, tolerance=0.2, decimal=".")
    for index, text in texts.items():
        row = result.loc[index]
        try:
            expected = parse_figure(text, tolerance=0.2, decimal=".")
        except FigureError as exc:
            assert row["figure_error"] == str(exc)
            assert row[["low", "best", "high"]].isna().all()
        else:
            assert row["figure_error"] == ""
            assert (row["low"], row["best"], row["high"], row["qualifier"]) == expected


def test_parse_figures_empty_and_odd_inputs():
    empty = parse_figures(pd.Series([], dtype="str"))
    assert empty.empty and list(empty.columns) == ["low", "best", "high", "qualifier", "figure_error"]
    numeric = parse_figures(pd.Series([125, -1, np.nan]))
    assert numeric["best"].tolist()[0] == 125.0
    assert numeric["figure_error"].tolist()[1:] == ["negative figure", "figure is empty"]
    na = parse_figures(pd.Series(["125", pd.NA], dtype="string"))
    assert na["figure_error"].tolist() == ["", "figure is empty"]
    with pytest.raises(ValueError):
        parse_figures(pd.Series(["125"]), tolerance=1.5)


# --- properties ------------------------------------------------------------

PREFIXES = {
    "": "exact",
    "approximately ": "approximately", "about ": "approximately", "around ": "approximately",
    "some ": "approximately", "roughly ": "approximately", "approx. ": "approximately",
    "~": "approximately", "c. ": "approximately", "circa ": "approximately",
    "نحو ": "approximately", "حوالي ": "approximately", "حوالى ": "approximately",
    "قرابة ": "approximately",
    "more than ": "more than", "over ": "more than", "in excess of ": "more than",
    "upwards of ": "more than", "أكثر من ": "more than", "اكثر من ": "more than",
    "at least ": "at least", "no fewer than ": "at least", "a minimum of ": "at least",
    "ما لا يقل عن ": "at least", "على الأقل ": "at least",
    "up to ": "up to", "as many as ": "up to", "at most ": "up to", "ما يصل إلى ": "up to",
    "nearly ": "nearly", "almost ": "nearly", "just under ": "nearly", "close to ": "nearly",
}
SUFFIXES = {"": None, "+": "more than", " or more": "more than"}
TRAILING = ["", " civilians", " people killed", " killed", " مدني", " قتيلا", " (SOHR)"]


def formats(n: int) -> st.SearchStrategy[str]:
    """Ways a monitor may write the integer n."""
    return st.sampled_from([
        str(n),
        f"{n:,}",
        f"{n:,}".replace(",", " "),
        f"{n:,}".replace(",", "\u202f"),
        f"{n:,}".replace(",", "\u00a0"),
        str(n).translate(ARABIC_DIGITS),
        f"{n:,}".replace(",", "٬").translate(ARABIC_DIGITS),
        str(n).translate(PERSIAN_DIGITS),
    ])


@st.composite
def figure_texts(draw):
    """A figure built from the vocabulary, with the reading it must get."""
    n = draw(st.integers(0, 10**9))
    number = draw(formats(n))
    prefix = draw(st.sampled_from(sorted(PREFIXES)))
    suffix = draw(st.sampled_from(sorted(SUFFIXES))) if not prefix else ""
    case = draw(st.sampled_from([str, str.upper, str.title]))
    trailing = draw(st.sampled_from(TRAILING))
    spaces = draw(st.sampled_from(["", " ", "  "]))
    text = spaces + case(prefix) + number + suffix + trailing + spaces
    return text, n, SUFFIXES[suffix] or PREFIXES[prefix]


@settings(max_examples=300, deadline=None)
@given(figure_texts())
def test_property_vocabulary_reads_as_ordered_interval(case):
    text, n, qualifier = case
    figure = parse_figure(text)
    assert figure.low <= figure.best <= figure.high
    assert figure.low >= 0
    assert figure.best == n
    assert figure.qualifier == qualifier


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(
    ["{a}-{b}", "{a}–{b}", "{a} to {b}", "between {a} and {b}", "from {a} to {b}"]))
def test_property_ranges(a, b, template):
    text = template.format(a=f"{a:,}", b=f"{b:,}")
    if a > b:
        with pytest.raises(FigureError):
            parse_figure(text)
    else:
        assert parse_figure(text) == Figure(a, a, b, "range")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**15).flatmap(lambda n: st.tuples(st.just(n), formats(n))))
def test_property_integers_round_trip(case):
    n, text = case
    assert parse_figure(text) == Figure(n, n, n, "exact")


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(),
    st.text(alphabet="0123456789 ,.-–+~%abcdefhilmnorstuvwxyz٠١٢٧٬أكثرمنحوالي"),
))
def test_property_any_text_parses_or_raises_figure_error(text):
    try:
        figure = parse_figure(text)
    except FigureError as exc:
        assert str(exc)
    else:
        assert 0 <= figure.low <= figure.best <= figure.high
        assert figure.qualifier in {
            "exact", "approximately", "more than", "at least", "up to", "nearly", "range", "vague",
        }


# --- separators, scales and the file's decimal mark (issue #13) -------------

@pytest.mark.parametrize("texts, mark", [
    (["1,234,567", "12"], "."),
    (["2.5 million"], "."),
    (["1.234.567"], ","),
    (["3,5 millions", "12"], ","),
    (["1.500", "1,944"], None),  # one group of three says nothing
    (["2.5", "3,5"], None),  # both: unknown
])
def test_decimal_mark_is_what_unambiguous_figures_show(texts, mark):
    assert figures.decimal_mark(texts) == mark


def test_a_scaled_group_of_three_follows_the_column_or_is_rejected():
    alone = parse_figures(pd.Series(["1.500 million"]))
    assert alone.loc[0, "figure_error"].startswith("'1.500' before a scale word may be 1500 or 1.500")
    english = parse_figures(pd.Series(["1.500 million", "2.5 million"]))
    assert english.loc[0, "best"] == 1_500_000
    spanish = parse_figures(pd.Series(["1.500 millones", "1.234.567"]))
    assert spanish.loc[0, "best"] == 1_500_000_000


@pytest.mark.parametrize("text, best", [
    ("3k", 3_000), ("1.2K", 1_200), ("over 5k", 5_000), ("1.000", 1_000), ("1 000", 1_000),
    ("37'877", 37_877), ("1,30,000", 130_000), ("5·4 million", 5_400_000),
    ("13 mil 393", 13_393), ("bin 334", 1_334), ("42 ألفا و310", 42_310),
    ("trois cent cinquante", 350), ("mil e quinhentos", 1_500), ("a quarter of a million", 250_000),
])
def test_digits_scales_and_number_words(text, best):
    assert parse_figure(text).best == best


@pytest.mark.parametrize("text, reason", [
    ("2.5", "a fractional count (2.5)"),
    ("1,2345 thousand", "a fractional count (1234.5)"),
    ("44 binleri", "cannot read 'binleri' after the number"),
    ("100xyz", "cannot read 'xyz' after the number"),
])
def test_figures_that_would_be_misread_are_rejected(text, reason):
    with pytest.raises(FigureError, match=re.escape(reason)):
        parse_figure(text)


def test_a_grammar_row_with_a_second_meaning_is_an_error(tmp_path, monkeypatch):
    from reconcile.figures import grammar as grammar_module

    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "phrases.csv").write_text(
        "phrase,language,position,reads_as,notes\nabout,en,before,approximately,\n"
        "About,en,before,up to,\n", encoding="utf-8")
    (tmp_path / "figures" / "words.csv").write_text("word,language,kind,value,notes\n", encoding="utf-8")
    monkeypatch.setattr(grammar_module, "data_file", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(grammar_module.GrammarError, match=r"phrases.csv:3: 'about' already reads as"):
        grammar_module.grammar.__wrapped__()


@pytest.mark.parametrize("text", ["0", "00", "007", "12", "1000", "999999999999999",
                                  "1234567890123456", "12345678901234567890"])
@pytest.mark.parametrize("decimal", [None, ".", ","])
def test_plain_digits_read_as_the_grammar_reads_them(text, decimal):
    """Digit-only text skips the grammar (a numeric file then never compiles it); the answer,
    or the refusal, is the grammar's."""
    from reconcile.figures.read import reader

    try:
        expected = reader().read(text, 0.1, decimal)
    except FigureError as exc:
        with pytest.raises(FigureError, match=re.escape(str(exc))):
            parse_figure(text, decimal=decimal)
    else:
        assert parse_figure(text, decimal=decimal) == expected
