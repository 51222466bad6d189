"""Hypothesis strategies that produce hostile input for the readers and the normalisers.

Every fragment here is our own writing: tokens chosen for what they break (impossible dates, digit runs, Unicode
digits, delimiters without their partner), not text from any article. Sizes: hypothesis draws at most a few KB of
choices per example, so large inputs (floods, deep nesting, enormous attributes) are built by repeating a drawn
fragment a drawn number of times.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from typing import Any

import yaml
from hypothesis import strategies as st

from claimgraph.config import Settings

__all__ = [
    "SCRIPT_MARKER",
    "hostile_text",
    "date_text",
    "number_text",
    "anchors",
    "hostile_bytes",
    "plain_documents",
    "markdown_documents",
    "html_documents",
    "jsonl_streams",
    "any_documents",
    "source_names",
    "reader_settings",
    "metadata_values",
    "urls",
]

#: Put only inside well-formed ``<script>``/``<style>`` elements: it must never reach a document's text.
SCRIPT_MARKER = "zqxscriptmarker"

# --- text -----------------------------------------------------------------------------------------------------

DATE_TOKENS = (
    "31/02/2020", "02/31/2020", "13/13/2013", "0000-00-00", "2020-00-10", "2020-13-01", "2020-02-30",
    "2019-02-29", "2020-02-29", "9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01", "1800-01-01",
    "29 February 2019", "February 30, 2020", "31 April 2021", "30th of February 2020", "0 May 2018",
    "May 2018", "May 0000", "the 1990s", "1800s", "2000's", "early 2020", "mid-2015", "late 1899",
    "2015-16", "2019–2020", "from 2010 to 2005", "between 2090 and 99", "between May and April 2020",
    "December 2020 or January 2021", "March 25", "25 March", "March 99", "99 March", "last March",
    "next May", "this December", "the March meeting", "yesterday", "today", "tomorrow", "last week",
    "late last week", "this past weekend", "on Tuesday", "last Sunday", "last month", "next year",
    "this year", "two years ago", "199 years ago", "99 decades ago", "a couple of days ago",
    "eight months later", "150 weeks earlier", "the following year", "the previous year",
    "over the past three decades", "in the past 199 days", "in the coming months", "currently", "soon",
    "20201214", "14122020", "20209999", "1600000000", "1600000000000", "12.08.2020", "2020/8/12",
    "2020.02.31", "Updated: ", "Last modified on", "Published", "Posted by", "GMT", "10:45", "T12:00:00Z",
    "+05:30", "2020-05-10T25:61:61Z", "Monday, December 30, 2024", "Sept. 31, 2021", "Dec. 6, 2021",
)  # fmt: skip
NUMBER_TOKENS = (
    "0", "00", "007", "1,000", "1,00", "1,000,000.5", "1.5.5", ".5", "5.", "3.14159", "1e308", "1e-9",
    "9" * 40, "9" * 400, "1" + "0" * 330, "1," * 50 + "000", "one", "twenty-one", "a hundred",
    "half a million", "a dozen", "three hundred and forty-two thousand", "zero", "thousand",
    "million billion trillion", "trillion trillion trillion trillion", "lakh", "crore", "$", "US$", "€", "£",
    "¥", "₽", "₹", "RMB", "rubles", "dollars", "euros", "yuan", "bn", "mn", "k", "m", "%", "per cent",
    "S-400", "Su-35", "COVID-19", "40N6", "5+1", "Volume: 13 Issue: 62", "batteries", "launchers",
    "troops", "people", "aircraft", "some", "about", "more than", "up to", "as many as", "$1", "$.5",
    "$9" + "9" * 320 + " billion", "€1,000,000,000,000,000,000 trillion", "1 000 000",
)  # fmt: skip
UNICODE_DIGITS = (
    "١٢٣٤", "٢٠٢٠-٠٥-١٠", "۲۰۲۰", "२०२०", "２０２０", "２０２０-０２-３０", "𝟐𝟎𝟐𝟎", "²⁰²⁰", "①②", "〇",
    "٠", "¼", "Ⅻ", "৩", "๑๒", "߀", "᠑᠒", "二〇二〇年", "2019年11月26日", "十二", "٣١/٠٢/٢٠٢٠",
)  # fmt: skip
WORDS = (
    "Russia", "China", "India", "the", "said", "delivered", "systems", "officials", "By", "and", "Jane",
    "Doe", "Publication:", "Vol.", "No.", "Source:", "Written by", "is a contributor to", "The", "News",
    "Share", "views", "Cookie", "Advertisement", "Moscow,", "NEW DELHI,", "a", "an", "of", "in", "since",
)  # fmt: skip
SEPARATORS = (
    " ", "  ", "\n", "\n\n", "\n\n\n\n", ", ", ". ", "-", "–", "—", "/", ".", ":", "\t", "\xa0", "\u2009",
    "\u200b", "\ufeff", "\x00", "\x1b", "\x7f", "\x85", "\r\n", "\r", "\u2028", "\u2029", "\f", "\v",
)  # fmt: skip
MARKDOWN_TOKENS = (
    "# ", "## ", "### ", "####### ", "**", "*", "_", "__", "~~", "`", "```", "~~~", "[", "]", "](", ")", "(",
    "![", "<http://", "<https://x.example/", ">", "> ", ">>>", "- ", "* ", "+ ", "1. ", "999) ", "---", "***",
    "===", "\\", "\\*", "[ref]: http://x.example", "[a][b]", "<div>", "</div>", "<!--", "-->", "<br/>", "|",
)  # fmt: skip

#: Short fragments that hurt when repeated: unclosed delimiters, comment openers, name runs, digit runs.
FLOOD_TOKENS = (
    "**a ", "*a ", "_a ", "~~a ", "[a](", "[a", "![a](", "<http://a", "<a", "<title>", "<!--x-->", "<!--", "<p>",
    "<div>", "</div>", "<script>", "&#", "By A and ", "A, ", "9", "1,", "one ", "hundred ", "May 2020 ", "- ",
    "# ", "> ", "`", "|", "\n", "\n\n", " ", "\t", "Updated ", "2020-", "2020/", "(", ")", "[", "]",
)  # fmt: skip

_text_piece = st.one_of(
    st.sampled_from(DATE_TOKENS),
    st.sampled_from(DATE_TOKENS),
    st.sampled_from(NUMBER_TOKENS),
    st.sampled_from(UNICODE_DIGITS),
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(SEPARATORS),
    st.sampled_from(SEPARATORS),
    st.text(max_size=12),
    st.from_regex(r"[0-9]{1,12}", fullmatch=True),
)


@st.composite
def _repeat(draw: st.DrawFn, piece: st.SearchStrategy[str], most: int) -> str:
    """``piece`` repeated a drawn number of times (how floods and digit runs get big)."""
    return draw(piece) * draw(st.integers(1, most))


#: Floods reach a few hundred KB: enough for a quadratic pattern to take seconds, not so much that CI waits.
FLOOD = 25_000


def floods(most: int = FLOOD) -> st.SearchStrategy[str]:
    return _repeat(st.sampled_from(FLOOD_TOKENS), most)


def hostile_text(max_pieces: int = 40, flood: int = 2000) -> st.SearchStrategy[str]:
    """Text made of tokens that break readers and normalisers, random Unicode, separators and floods."""
    piece = st.one_of(_text_piece, _repeat(_text_piece, flood), floods(flood * 10))
    return st.lists(piece, max_size=max_pieces).map("".join)


def _sentences(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Tokens of ``pool`` among words, joined by spaces and separators: text that reads almost like news."""
    piece = st.one_of(st.sampled_from(pool), st.sampled_from(pool), st.sampled_from(pool), st.sampled_from(WORDS),
                      st.sampled_from(UNICODE_DIGITS), st.from_regex(r"[0-9]{1,10}", fullmatch=True),
                      st.text(max_size=6))  # fmt: skip
    glue = st.sampled_from((" ", " ", " ", ", ", "\n", "-", "/", "", ". "))
    return st.lists(st.tuples(piece, glue), max_size=14).map(lambda ps: "".join(a + b for a, b in ps))


def date_text() -> st.SearchStrategy[str]:
    return st.one_of(_sentences(DATE_TOKENS), _sentences(DATE_TOKENS), hostile_text(12, 50))


def number_text() -> st.SearchStrategy[str]:
    return st.one_of(_sentences(NUMBER_TOKENS), _sentences(NUMBER_TOKENS), hostile_text(12, 50))


def anchors() -> st.SearchStrategy[str | None]:
    """Anchors and references as a caller might pass them: valid ISO prefixes, edge years, junk."""
    return st.one_of(
        st.none(),
        st.sampled_from(
            (
                "0000",
                "0000-01",
                "0000-02-29",
                "0001-01-01",
                "0001-01",
                "0001",
                "9999-12-31",
                "9999-12",
                "9999",
                "2020-02-30",
                "2020-13",
                "2020-00-00",
                "2020-02-29",
                "2019-02-29",
                "1970-01-01",
                "2024-12-31",
                "2021-01-01",
                "",
                "20",
                "2020-1-1",
                "٢٠٢٠-٠٥-١٠",
                "２０２０",
                "not a date",
            )
        ),  # fmt: skip
        st.dates().map(lambda d: d.isoformat()),
        st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat()),
        st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.isoformat()),
        st.dates().map(lambda d: d.isoformat()[:7]),
        st.integers(0, 9999).map(lambda y: f"{y:04d}"),
        st.text(max_size=12),
    )


# --- bytes ----------------------------------------------------------------------------------------------------

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "koi8-r", "cp1251",
              "shift_jis", "gb18030", "big5", "euc-kr", "iso-8859-7", "utf-7")  # fmt: skip
_BAD_BYTES = (
    b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80", b"\xed\xbf\xbf",
    b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf8\x88\x80\x80\x80", b"\xf4\x90\x80\x80", b"\x80", b"\xbf", b"\x00",
    b"\x00\x00", b"\x1b[31m", b"\x07\x08", b"\x81\x8d\x8f\x90\x9d",
)  # fmt: skip
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x1f\x8b\x08", b"MZ", b"\x7fELF", b"GIF89a",
          b"\xff\xd8\xff", b"SQLite format 3\x00", b"RIFF\x00\x00\x00\x00WEBP", b"ID3", b"{\\rtf1")  # fmt: skip


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")


@st.composite
def _encoded(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    """Text encoded in a drawn encoding (surrogates kept as CESU-8 where UTF), maybe with a BOM, maybe mixed."""
    parts = draw(st.lists(st.tuples(text, st.sampled_from(_ENCODINGS)), min_size=1, max_size=3))
    data = b"".join(_encode(t, enc) for t, enc in parts)
    if draw(st.booleans()):
        data = draw(st.sampled_from(_BOMS)) + data
    return data


@st.composite
def _corrupted(draw: st.DrawFn, data: st.SearchStrategy[bytes]) -> bytes:
    """Bytes with invalid sequences, NULs or control bytes spliced in, truncated, or behind a file magic."""
    out = bytearray(draw(data))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(out)))
        bad = draw(st.sampled_from(_BAD_BYTES)) * draw(st.sampled_from((1, 1, 2, 50, 3000)))
        out[at:at] = bad
    if out and draw(st.booleans()):
        del out[draw(st.integers(0, len(out))) :]
    if draw(st.integers(0, 9)) == 0:
        out[0:0] = draw(st.sampled_from(_MAGIC))
    return bytes(out)


def hostile_bytes(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[bytes]:
    """Random bytes, text in mixed encodings and BOMs, and either of them corrupted."""
    text = text if text is not None else hostile_text()
    clean = st.one_of(text.map(lambda t: t.encode("utf-8", "surrogatepass")), _encoded(text))
    return st.one_of(st.binary(max_size=600), clean, _corrupted(st.one_of(clean, st.binary(max_size=300))))


def plain_documents() -> st.SearchStrategy[bytes]:
    with_front_matter = _front_matter_doc(hostile_text()).map(lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(hostile_bytes(), with_front_matter)


# --- YAML front matter ----------------------------------------------------------------------------------------

_FIELD_NAMES = ("title", "headline", "url", "link", "published", "date", "date_publish", "pubdate", "author",
                "authors", "byline", "outlet", "publisher", "source", "site_name", "source_domain", "domain",
                "volume", "issue", "language", "lang", "maintext", "text", "body", "content", "description")  # fmt: skip


def _bomb(levels: int, key: str) -> str:
    """A billion-laughs document: each level is a list of nine aliases to the one below."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    lines.append(f"{key}: *l{levels}")
    return "\n".join(lines) + "\n"


_YAML_SNIPPETS = (
    "title: *undefined\n", "published: 2020-02-30\n", "published: 0000-00-00\n", "date: 2020-13-45T25:61:61Z\n",
    "published: 2020-02-30 10:00:00\n", "date: 0001-01-01\n", "date: 9999-12-31\n", "published: 31/02/2020\n",
    "published: [2020, 1, 1]\n", "published: {year: 2020}\n", "published: 1e400\n", "published: .nan\n",
    "published: -.inf\n", "published: 99999999999999999999999999\n", "published: 1600000000\n",
    "published: 1600000000000\n", "published: 20200230\n", "published: 20201214\n", "published: true\n",
    "published: ''\n", "published: !!binary aGVsbG8=\n", "title: 12345\n", "title: [a, b]\n",
    "title: {x: 1}\n", "title: !!binary aGVsbG8=\n", "title: !!binary '%%%'\n", "title: !!python/object:os.system x\n",
    "title: !!set {a, b}\n", "title: !!timestamp 2020-02-30\n", "title: !!int 0x\n", "title: !!float abc\n",
    "authors: [1, [2, [3]], {name: x}, null, {name: [y]}]\n", "author: {name: {first: A}}\n",
    "outlet: {name: 5}\n", "url: 12\n", "url: [http://a.example]\n", "url: 'http://[::1'\n",
    "source_domain: 1.5\n", "language: 7\n", "lang: [en]\n", "? [a, b]\n: c\n", "1: 2\n", "null: x\n",
    "~: ~\n", 'title: "\\ud800 lone"\n', 'title: "\\x00\\x07"\n', 'title: "\\U0010FFFF"\n', "\t- tab\n",
    "key: value: other\n", "%YAML 1.1\n", "'unclosed\n", '"unclosed\n', "- a\n- b\n", "just a string\n",
    "123\n", "[1, 2\n", "{a: 1\n", "title: &x [*x]\n", "title: " + "9" * 5000 + "\n", "a: b\na: c\n",
    "title: |\n  multi\n  line\n", "title: >\n folded\n", "<<: {title: merged}\n", "<<: [1, 2]\n", "<<: *x\n",
    "x: " + "[" * 200 + "]" * 200 + "\n", "x: " + "[" * 20000 + "\n", "---\n---\n", "...\n",
)  # fmt: skip

_yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**400), 10**400), st.floats(),
    st.text(max_size=30), st.dates(), st.datetimes(), st.binary(max_size=20),
    st.sampled_from(DATE_TOKENS), st.sampled_from(NUMBER_TOKENS),
)  # fmt: skip
_yaml_values = st.recursive(
    _yaml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _safe_dump(data: dict[str, Any]) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        return "title: dump failed\n"


@st.composite
def _front_matter(draw: st.DrawFn) -> str:
    """A front-matter block: valid YAML of any shape, hand-written hostile YAML, bombs, unclosed fences."""
    kind = draw(st.sampled_from(("dump", "snippets", "bomb", "unclosed", "raw", "empty")))
    if kind == "dump":
        body = _safe_dump(draw(st.dictionaries(st.sampled_from(_FIELD_NAMES), _yaml_values, max_size=6)))
    elif kind == "snippets":
        body = "".join(draw(st.lists(st.sampled_from(_YAML_SNIPPETS), min_size=1, max_size=4)))
    elif kind == "bomb":
        body = _bomb(draw(st.integers(1, 9)), draw(st.sampled_from(("title", "published", "authors", "outlet",
                                                                     "url", "lang", "maintext"))))  # fmt: skip
    elif kind == "raw":
        body = draw(st.text(max_size=200)) + "\n"
    else:
        body = ""
    opener = draw(
        st.sampled_from(("---\n",) * 6 + ("--- \t\n", "---\r\n", "----\n", "\ufeff---\n", " ---\n"))
    )
    closer = draw(st.sampled_from(("---\n",) * 6 + ("...\n", "---", "--- x\n", "")))
    return opener + body + ("" if kind == "unclosed" else closer)


@st.composite
def _front_matter_doc(draw: st.DrawFn, body: st.SearchStrategy[str]) -> str:
    return draw(_front_matter()) + draw(body)


def markdown_documents() -> st.SearchStrategy[bytes]:
    md_piece = st.one_of(st.sampled_from(MARKDOWN_TOKENS), _text_piece, _repeat(st.sampled_from(MARKDOWN_TOKENS), 3000),
                         floods())  # fmt: skip
    body = st.lists(md_piece, max_size=50).map("".join)
    doc = st.one_of(_front_matter_doc(body), _front_matter_doc(body), _front_matter_doc(body), body)
    utf8 = doc.map(lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(utf8, utf8, utf8, utf8.flatmap(lambda b: _corrupted(st.just(b))))


# --- HTML -----------------------------------------------------------------------------------------------------

_TAGS = ("p", "div", "span", "a", "br", "h1", "h2", "h6", "article", "section", "li", "ul", "ol", "table", "tr",
         "td", "th", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "blockquote", "pre", "code",
         "b", "i", "em", "strong", "img", "meta", "link", "iframe", "form", "input", "button", "svg", "math",
         "template", "noscript", "object", "embed", "body", "head", "html", "time", "font", "center", "marquee",
         "x-custom", "foo:bar", "ruby", "rt", "select", "option", "frameset", "frame", "base", "dialog", "details",
         "summary", "textarea", "title", "xmp", "plaintext", "noembed", "script", "style", "P", "DIV", "sCrIpT")  # fmt: skip
_ATTR_NAMES = ("class", "id", "href", "src", "style", "onclick", "onload", "content", "name", "property", "charset",
               "http-equiv", "lang", "datetime", "itemprop", "data-x", "rel", "xmlns", "dir", "x:y", "=",
               '"', "a b")  # fmt: skip
_JUNK = ("<", "</", "<!", "<!-", "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<?php echo 1 ?>", "<?xml", "&", "&#",
         "&#0;", "&#x110000;", "&#xD800;", "&#99999999999;", "&nbsp", "&amp;", "&bogus;", "<<<", ">>>", "</div>",
         "</p></p>", "<p <p", '"', "'", "=", "</html>", "<body>", "</body><body>", "<head>", "\x00", "<br/>",
         "</br>", "<a href=", "<a href='x", "<img src=x onerror=", "</script>", "</style>", "<table><td>")  # fmt: skip
_META = (
    '<meta charset="utf-8">', '<meta charset="utf-16">', '<meta charset="x-nonexistent">',
    '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis">',
    '<meta property="article:published_time" content="2020-02-30T10:00:00Z">',
    '<meta property="article:published_time" content="0000-00-00">',
    '<meta name="date" content="31/02/2020">', '<meta name="pubdate" content="99999999999999">',
    '<meta name="author" content="">', '<meta name="author" content="By Jane Doe and and and">',
    '<meta property="og:title" content="&#xD800;">', '<meta property="og:site_name" content="Regional Watch">',
    '<link rel="canonical" href="http://[::1">', '<link rel="canonical" href="javascript:alert(1)">',
    '<base href="//">', '<script type="application/ld+json">{"datePublished": "2020-13-45", "author": [1, {}]}</script>',
    '<script type="application/ld+json">{"@graph": [[[[' + "[" * 300 + "</script>",
)  # fmt: skip
_DOCTYPES = ("", "<!DOCTYPE html>", "<!doctype html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN'>",
             '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="latin-1"?>\n<!DOCTYPE html>',
             "<!-- comment first -->", "\ufeff<!DOCTYPE html>", "<!DOCTYPE>", "<!-->")  # fmt: skip


@st.composite
def _attrs(draw: st.DrawFn) -> str:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.one_of(st.sampled_from(_ATTR_NAMES), st.text(max_size=6)))
        value = draw(
            st.one_of(
                st.text(max_size=20),
                st.sampled_from(DATE_TOKENS),
                _repeat(st.sampled_from(("x", "&amp;", '"', "'", ">", "é")), 50_000),
            )
        )
        quote = draw(st.sampled_from(('"', "'", "", '"')))
        out.append(f" {name}={quote}{value}{quote}")
    return "".join(out)


def _html_nodes() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        hostile_text(8, 200),
        st.sampled_from(_JUNK),
        st.text(max_size=20).map(lambda t: f"<!--{t}-->"),
        st.tuples(
            st.sampled_from(("script", "style", "textarea", "title", "xmp", "noembed")), st.text(max_size=30)
        ).map(lambda p: f"<{p[0]}>{p[1]}</{p[0]}>"),
    )

    @st.composite
    def element(draw: st.DrawFn, children: st.SearchStrategy[list[str]]) -> str:
        tag = draw(st.one_of(st.sampled_from(_TAGS), st.text(min_size=1, max_size=5)))
        inner = "".join(draw(children))
        close = draw(st.sampled_from((f"</{tag}>", f"</{tag}>", "", "</div>", f"</{tag} junk>")))
        return f"<{tag}{draw(_attrs())}>{inner}{close}"

    return st.recursive(leaf, lambda inner: element(st.lists(inner, max_size=4)), max_leaves=20)


@st.composite
def _messy_html(draw: st.DrawFn) -> str:
    """Anything a broken crawler might save: truncated, unclosed, deeply nested, huge attributes, junk markup."""
    head = "".join(draw(st.lists(st.sampled_from(_META), max_size=4)))
    body = "".join(draw(st.lists(_html_nodes(), max_size=6)))
    page = draw(st.sampled_from(_DOCTYPES)) + draw(
        st.sampled_from(("<html>", "<html lang=en>", "", "<HTML>"))
    )
    page += (f"<head>{head}</head>" if draw(st.booleans()) else head) + f"<body>{body}"
    if draw(st.integers(0, 4)) == 0:
        page += draw(floods())
    depth = draw(st.sampled_from((0, 0, 0, 10, 255, 256, 257, 1000, 5000)))
    if depth:
        tag = draw(st.sampled_from(("div", "b", "span", "table", "p", "ul", "a")))
        page += (
            f"<{tag}>" * depth
            + draw(hostile_text(4, 10))
            + (f"</{tag}>" * depth if draw(st.booleans()) else "")
        )
    page += draw(st.sampled_from(("</body></html>", "", "</body>", "</html></html>")))
    if page and draw(st.booleans()):
        page = page[: draw(st.integers(0, len(page)))]
    return page


@st.composite
def _script_flood(draw: st.DrawFn) -> tuple[str, bool]:
    """Well-formed pages whose scripts and styles carry the marker (and outnumber the prose): they must not
    reach the text."""
    script = draw(st.sampled_from((
        f"<script>var a = '{SCRIPT_MARKER}';</script>",
        f"<script type='text/javascript'>document.write('<p>{SCRIPT_MARKER}</p>');</script>",
        f"<style>.{SCRIPT_MARKER} {{ color: red }}</style>",
        f"<script>/* <![CDATA[ */ {SCRIPT_MARKER} /* ]]> */</script>",
        f"<script>if (a < b && c > d) {{ x = '</p>{SCRIPT_MARKER}'; }}</script>",
        f'<script type="application/ld+json">{{"headline": "{SCRIPT_MARKER}"}}</script>',
        f"<noscript><style>{SCRIPT_MARKER}</style></noscript>",
    )))  # fmt: skip
    para = (
        "<p>Ministers met in the capital on Tuesday and discussed trade, fuel and the new border posts.</p>"
    )
    n_scripts, n_paras = draw(st.integers(1, 3000)), draw(st.integers(0, 6))
    where = draw(st.sampled_from(("head", "body", "both")))
    scripts = script * n_scripts
    head = f"<head><title>A page</title>{scripts if where != 'body' else ''}</head>"
    body = f"<body>{scripts if where != 'head' else ''}{para * n_paras}{script}</body>"
    return f"<!DOCTYPE html><html>{head}{body}</html>", True


@st.composite
def html_documents(draw: st.DrawFn) -> tuple[bytes, bool]:
    """``(bytes, marker_must_be_absent)``: messy pages (crash check only) or script floods (also checked)."""
    if draw(st.integers(0, 3)) == 0:
        page, strict = draw(_script_flood())
        return page.encode("utf-8"), strict
    page = draw(_messy_html())
    data = draw(st.one_of(st.just(page.encode("utf-8", "surrogatepass")), _encoded(st.just(page)),
                          _corrupted(st.just(page.encode("utf-8", "surrogatepass")))))  # fmt: skip
    return data, False


# --- JSON Lines -----------------------------------------------------------------------------------------------

_json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-(10**500), 10**500), st.floats(),
    st.text(max_size=40), st.sampled_from(DATE_TOKENS), st.sampled_from(NUMBER_TOKENS),
    st.sampled_from(("\ud800", "a\udc00b", "\x00", "<p>x</p>" * 6, "<html><body><p>Hi there.</p></body></html>",
                     "   ", "", "http://[::1", "javascript:alert(1)", "//x", "http://a.example/2020/02/30/x")),
)  # fmt: skip
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
_BROKEN_LINES = (
    "{", "}", "[1, 2]", '"a string"', "42", "null", "true", '{"a":}', "{'single': 'quotes'}", '{"maintext": "x"} tail',
    '{"maintext": "x",}', "{" * 50_000, "[" * 100_000 + "]" * 100_000, '{"a": ' * 5_000 + "1" + "}" * 5_000,
    '{"maintext": NaN, "title": Infinity}', '{"maintext": "' + "9" * 5000 + '"}', '{"title": ' + "9" * 5000 + "}",
    '{"maintext": "\\ud800\\udc00 ok pair \\ud800 lone"}', '{"maintext": "tab\there"}', "\ufeff{}", "\x00",
    '{"maintext": "a"}{"maintext": "b"}', "  ", "\t", '{"": ""}', '{"maintext": ["a", "b"]}',
    '{"text": 5, "maintext": null}', '{"title": "t", "date_publish": [2020, 1, 1], "maintext": "Body text of a post."}',
)  # fmt: skip


@st.composite
def _record_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 5))
    if kind <= 2:
        record = draw(st.dictionaries(st.one_of(st.sampled_from(_FIELD_NAMES), st.text(max_size=6)), _json_values,
                                      max_size=7))  # fmt: skip
        if kind == 0:
            record["maintext"] = draw(st.one_of(hostile_text(20, 500), _messy_html()))
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 5)) == 0:
            line = line[: draw(st.integers(0, len(line)))]
        return line.encode("utf-8", "surrogatepass")
    if kind == 3:
        return draw(st.sampled_from(_BROKEN_LINES)).encode("utf-8", "surrogatepass")
    if kind == 4:
        return draw(st.binary(max_size=80))
    return draw(_corrupted(st.just(b'{"maintext": "A line of text.", "title": "T"}')))


@st.composite
def jsonl_streams(draw: st.DrawFn) -> bytes:
    lines = draw(st.lists(_record_line(), min_size=1, max_size=6))
    newline = draw(st.sampled_from((b"\n", b"\r\n", b"\n\n", b"\r")))
    data = newline.join(lines) + draw(st.sampled_from((b"", b"\n", newline)))
    return (codecs.BOM_UTF8 if draw(st.integers(0, 5)) == 0 else b"") + data


# --- any source -------------------------------------------------------------------------------------------------


def any_documents() -> st.SearchStrategy[bytes]:
    return st.one_of(
        plain_documents(), markdown_documents(), html_documents().map(lambda p: p[0]), jsonl_streams()
    )


def source_names() -> st.SearchStrategy[str]:
    return st.sampled_from(("doc.txt", "doc.md", "doc.html", "doc.HTM", "doc.json", "doc.jsonl", "doc.ndjson",
                            "doc", "doc.pdf", "doc.tar.gz", "doc.md.txt", ".hidden.txt", "doc.xhtml",
                            "doc.markdown", "x.y.z", "doc.", os.fsdecode(b"bad\xff\xfe name.txt"),
                            os.fsdecode(b"\xc3.jsonl"), "sp ace.md", "ünï.html"))  # fmt: skip


def reader_settings() -> st.SearchStrategy[Settings]:
    """Default settings mostly; sometimes a tiny size limit or a forced (possibly unknown or non-text) encoding."""
    forced = st.sampled_from((None,) * 60 + ("utf-8", "latin-1", "utf-16", "cp1252", "ascii", "utf-7", "idna",
                              "punycode", "unicode_escape", "raw_unicode_escape", "rot13", "base64", "hex",
                              "zlib", "uu", "no-such-encoding", "utf-8-sig", "koi8-r", "shift_jis", "mbcs", ""))  # fmt: skip
    limit = st.sampled_from((10 * 1024 * 1024,) * 20 + (0, 1, 64, 1000))
    return st.builds(lambda e, m: Settings(encoding=e or None, max_bytes=m), forced, limit)


# --- metadata values and URLs -----------------------------------------------------------------------------------


def metadata_values() -> st.SearchStrategy[Any]:
    """What a container may put in a date field: anything JSON or YAML can hold, and date objects."""
    return st.one_of(
        _json_values,
        _yaml_values,
        date_text(),
        st.datetimes(timezones=st.timezones()),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(-(10**30), 10**30),
        st.sampled_from((10**4300, -1, 0, 1e8, 1e13 - 1, 1e11, 19000101, 21001231, 20200230, 99991231)),
    )


def urls() -> st.SearchStrategy[str]:
    segment = st.one_of(st.sampled_from(("2020", "02", "30", "2020-02-30", "20200230", "20201214", "14122020",
                                         "2020_08_12", "0000", "9999", "2099", "12", "31", "1994", "19931231",
                                         "2020-08-12T10", "a1b2c3d4e5f6a7b8c9", "x.html", "%00", "..")),
                        st.text(max_size=10), st.from_regex(r"[0-9]{4,16}", fullmatch=True))  # fmt: skip
    path = st.lists(segment, max_size=6).map("/".join)
    scheme = st.sampled_from(("http://", "https://", "", "//", "ftp://", "javascript:", "http://[::1", "http://a.example:99999/",
                              "http://user@a.example/", "HTTP://A.EXAMPLE/"))  # fmt: skip
    return st.one_of(
        st.tuples(scheme, path).map(lambda p: p[0] + "www.a.example/" + p[1]), st.text(max_size=40)
    )
