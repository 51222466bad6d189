"""Generate a synthetic corpus of international-relations articles for scale tests.

    python benchmarks/gen_corpus.py --docs N [--seed S] [--lang en] [--json FILE] OUT/

Writes ``N`` articles under ``OUT/`` (``OUT/000/000000-wire.md`` ..., a thousand to a folder, names sorting in
generation order) in five styles (wire report, newspaper, analysis, blog, press release), as Markdown with YAML
front matter (``title``, ``date``, ``url``, ``outlet``, ``author``), plain text with a date line, or HTML pages with
their metadata in ``<meta>`` tags. Parties, officials, organisations and weapon systems come from claimgraph's
packaged gazetteers; event sentences, headlines, hedges, attributions and framings are the templates of
``benchmarks/corpus_templates.yaml`` (our own writing; outlets and bylines are fictional). Publication dates run
from 2005 to 2025; event times are written relative to them ("on Tuesday", "last week", "in March 2019"). About
3% of the documents are syndicated re-posts of an earlier one (same text, another outlet, a later date), as real
feeds carry them.

Deterministic: document ``i`` depends only on ``--seed`` and ``i`` (its own random generator), so the same seed
gives the same files byte for byte, and any prefix of a corpus is the smaller corpus. Documents are written as they
are made (never held together in memory); the docs/s rate is printed at the end (and written with ``--json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
import re
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = Path(__file__).with_name("corpus_templates.yaml")
GAZETTEERS = REPO / "src" / "claimgraph" / "data" / "gazetteers"

#: Publication dates are drawn from this range (inclusive).
FIRST_DAY, LAST_DAY = dt.date(2005, 1, 1), dt.date(2025, 12, 31)
#: Share of documents that re-post an earlier one.
REPOST_SHARE = 0.03
PER_FOLDER = 1000


# ---------------------------------------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class State:
    iso3: str
    name: str
    capital: str
    adj: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str


@dataclass(frozen=True)
class Weapon:
    name: str
    kind: str


@dataclass(frozen=True)
class Knowledge:
    """What the gazetteers offer the generator, indexed the way it draws from them."""

    states: tuple[State, ...]
    prominent: tuple[State, ...]  # states with officials in the gazetteer: drawn more often, as in the news
    people: Mapping[str, tuple[Person, ...]]
    weapons: Mapping[str, tuple[Weapon, ...]]  # by maker state
    companies: Mapping[str, tuple[str, ...]]  # companies and agencies by state
    media: tuple[str, ...]
    places: tuple[str, ...]


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_THE_LAST = frozenset({"Sea", "Ocean", "Strait", "Route", "Peninsula", "Islands", "Valley", "Control", "Gulf",
                       "Heights", "Shoal", "Bank", "Square", "states", "Mediterranean", "Caucasus", "Balkans"})


def _place(entry: Mapping[str, Any]) -> str:
    """A place as running text names it: "the Arctic", "the Taiwan Strait", "Crimea"."""
    the = [a for a in entry.get("aliases", []) if a.startswith("the ")]
    name: str = entry["name"]
    if the:
        return str(the[0])
    if name.split()[-1] in _THE_LAST or name.startswith(("Strait of", "Sea of", "Line of")):
        return "the " + name
    return name


def load_knowledge(folder: Path = GAZETTEERS, extra_places: Sequence[str] = ()) -> Knowledge:
    """States with a capital and a demonym, people with roles, systems by maker, organisations, places."""
    states = tuple(
        State(iso3, v["name"], v["capital"], v["demonyms"][0])
        for iso3, v in _yaml(folder / "states.yaml")["states"].items() if v.get("capital") and v.get("demonyms")
    )
    known = {s.iso3 for s in states}
    people: dict[str, list[Person]] = {}
    for p in _yaml(folder / "people.yaml")["people"]:
        if p.get("state") in known and p.get("role"):
            people.setdefault(p["state"], []).append(Person(p["name"], p["role"].split(";")[0].strip()))
    weapons: dict[str, list[Weapon]] = {}
    for w in _yaml(folder / "weapons.yaml")["weapons"]:
        if w.get("origin") in known and w.get("kind") != "class":
            weapons.setdefault(w["origin"], []).append(Weapon(w["name"], w["kind"]))
    companies: dict[str, list[str]] = {}
    media: list[str] = []
    for o in _yaml(folder / "orgs.yaml")["orgs"]:
        if o.get("kind") == "media":
            media.append(o["name"])
        elif o.get("kind") in ("company", "agency") and o.get("state") in known:
            companies.setdefault(o["state"], []).append(o["name"])
    places = [_place(p) for p in _yaml(folder / "places.yaml")["places"] if p.get("kind") != "bloc"]
    return Knowledge(
        states=states,
        prominent=tuple(s for s in states if s.iso3 in people),
        people={k: tuple(v) for k, v in people.items()},
        weapons={k: tuple(v) for k, v in weapons.items()},
        companies={k: tuple(v) for k, v in companies.items()},
        media=tuple(media),
        places=tuple(places) + tuple(extra_places),
    )


def load_templates(lang: str = "en", path: Path = TEMPLATES) -> dict[str, Any]:
    """The template set for ``lang``; every placeholder is checked against the slots the generator fills."""
    data = _yaml(path)
    languages = data["languages"]
    if lang not in languages:
        raise SystemExit(f"no templates for language {lang!r} in {path} (have: {', '.join(languages)})")
    templates: dict[str, Any] = languages[lang]
    unknown = sorted({name for text in _strings(templates) for name in _fields(text)} - SLOTS)
    if unknown:
        raise SystemExit(f"{path}: unknown slots {unknown}")
    return templates


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


SLOTS = frozenset(
    {f"{p}{s}" for p in "abc" for s in ("", "_capital", "_adj", "_person", "_role", "_official")}
    | {"A_CAPITAL", "B_CAPITAL", "C_CAPITAL", "system", "system2", "system_noun", "company", "agency",
       "think_tank", "analyst", "n", "m", "n_word", "pct", "money", "money2", "commodity", "place", "when", "date",
       "month", "day", "year", "year_next", "year_prev", "year_old", "outlet", "outlet_short", "author", "editor",
       "x"}
)


# --------------------------------------------------------------------------------------------- generation


@dataclass(frozen=True)
class Article:
    """One generated document before rendering: front matter fields and the body paragraphs."""

    index: int
    style: str
    fmt: str
    title: str
    published: dt.date
    outlet: Mapping[str, str]
    author: str | None
    paragraphs: tuple[str, ...]

    @property
    def url(self) -> str:
        slug = "-".join("".join(c if c.isalnum() else " " for c in self.title.lower()).split()[:8])
        return f"https://{self.outlet['domain']}/{self.published:%Y/%m}/{slug}-{self.index}"


def _weighted(rng: random.Random, options: Mapping[str, Any], key: str = "weight") -> str:
    names = list(options)
    weights = [float(options[n][key]) if isinstance(options[n], Mapping) else float(options[n]) for n in names]
    return rng.choices(names, weights)[0]


_ARTICLE = re.compile(r"\b([Aa]) (?=[AEIOU])")


def _sentence(text: str) -> str:
    """Capitalised, with "a" before a vowel made "an" (slots decide what follows the article)."""
    text = _ARTICLE.sub(lambda m: m.group(1) + "n ", text)
    return text[:1].upper() + text[1:] if text else text


class Generator:
    """Articles from gazetteers and templates; ``article(i)`` depends only on the seed and ``i``."""

    def __init__(self, seed: int = 0, lang: str = "en", templates: Path = TEMPLATES) -> None:
        self.seed = seed
        self.t = load_templates(lang, templates)
        self.k = load_knowledge(extra_places=self.t.get("places_extra", ()))
        self.days = (LAST_DAY - FIRST_DAY).days

    def _rng(self, i: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + i)

    # -- slots ---------------------------------------------------------------------------------------

    def _state(self, rng: random.Random, exclude: Sequence[State] = ()) -> State:
        while True:
            pool = self.k.prominent if rng.random() < 0.7 else self.k.states
            s = rng.choice(pool)
            if s not in exclude:
                return s

    def _official(self, rng: random.Random, state: State) -> tuple[str, str, str]:
        """(person, role, "person, role") for ``state``: a gazetteer official, else a fictional spokesperson."""
        people = self.k.people.get(state.iso3)
        if people and rng.random() < 0.85:
            p = rng.choice(people)
            return p.name, p.role, f"{p.name}, {p.role}"
        name = f"{rng.choice(self.t['first_names'])} {rng.choice(self.t['last_names'])}"
        role = rng.choice(["a spokesman for the {adj} foreign ministry", "a spokeswoman for the {adj} defence "
                           "ministry", "deputy head of the {adj} security council"]).format(adj=state.adj)
        return f"the {state.adj} foreign minister", role, f"{name}, {role}"

    def _money(self, rng: random.Random) -> str:
        template: str = rng.choice(self.t["money"])
        x = f"{rng.randint(120, 950)}" if "million" in template else f"{rng.uniform(1.1, 9.9):.1f}"
        return template.format(x=x)

    def _when(self, rng: random.Random, published: dt.date) -> str:
        back = rng.choice([0, 1, 1, 2, 3, 5, 9, 12, 20, 45, 120])
        day = published - dt.timedelta(days=back)
        months = self.t["months"]
        if back <= 6:
            return f"on {self.t['weekdays'][day.weekday()]}"
        if back <= 13:
            return rng.choice(["last week", f"on {day.day} {months[day.month - 1]}"])
        if day.month == published.month and day.year == published.year:
            return "earlier this month"
        if back < 60:
            return rng.choice([f"on {day.day} {months[day.month - 1]}", f"on {months[day.month - 1]} {day.day}"])
        return f"in {months[day.month - 1]} {day.year}"

    def _slots(self, rng: random.Random, event: str, published: dt.date, outlet: Mapping[str, str],
               author: str) -> dict[str, Any]:
        arms = event.startswith("arms") or rng.random() < 0.3
        if arms:
            maker = rng.choice(sorted(self.k.weapons))
            a = next(s for s in self.k.states if s.iso3 == maker)
        else:
            a = self._state(rng)
        b = self._state(rng, (a,))
        c = self._state(rng, (a, b))
        systems = self.k.weapons.get(a.iso3) or rng.choice(list(self.k.weapons.values()))
        system = rng.choice(systems)
        other = rng.choice(list(self.k.weapons.values()))
        slots: dict[str, Any] = {}
        for key, s in (("a", a), ("b", b), ("c", c)):
            person, role, official = self._official(rng, s)
            slots.update({key: s.name, f"{key}_capital": s.capital, f"{key}_adj": s.adj,
                          f"{key.upper()}_CAPITAL": s.capital.upper(), f"{key}_person": person,
                          f"{key}_role": role, f"{key}_official": official})
        companies = self.k.companies.get(a.iso3)
        year = published.year
        slots.update(
            system=system.name, system2=rng.choice(other).name,
            system_noun=rng.choice(self.t["kind_nouns"].get(system.kind, ["systems"])),
            company=rng.choice(companies) if companies and rng.random() < 0.8 else f"the {a.adj} state exporter",
            agency=rng.choice(self.k.media), think_tank=rng.choice(self.t["think_tanks"]),
            analyst=f"{rng.choice(self.t['first_names'])} {rng.choice(self.t['last_names'])} of "
                    f"{rng.choice(self.t['think_tanks'])}",
            n=rng.randint(2, 60), m=rng.randint(2, 12), n_word=rng.choice(self.t["number_words"]),
            pct=rng.randint(3, 45), money=self._money(rng), money2=self._money(rng),
            commodity=rng.choice(self.t["commodities"]), place=rng.choice(self.k.places),
            when=self._when(rng, published), month=self.t["months"][published.month - 1], day=published.day,
            date=f"{published.day} {self.t['months'][published.month - 1]} {year}",
            year=year, year_next=year + rng.randint(1, 3), year_prev=year - rng.randint(1, 2),
            year_old=year - rng.randint(3, 12), outlet=outlet["name"], outlet_short=outlet["short"],
            author=author, editor=f"{rng.choice(self.t['first_names'])} {rng.choice(self.t['last_names'])}",
        )
        return slots

    # -- articles ------------------------------------------------------------------------------------

    def article(self, i: int) -> Article:
        """Document ``i``: a fresh article, or (about 3%) a re-post of an earlier one."""
        rng = self._rng(i)
        if i >= 10 and rng.random() < REPOST_SHARE:
            original = self.article(rng.randrange(i))
            outlet = rng.choice([o for o in self.t["outlets"] if o["name"] != original.outlet["name"]])
            return Article(index=i, style=original.style, fmt=original.fmt, title=original.title,
                           published=original.published + dt.timedelta(days=rng.randint(1, 6)), outlet=outlet,
                           author=None, paragraphs=original.paragraphs)
        styles = self.t["styles"]
        style_name = _weighted(rng, styles)
        style = styles[style_name]
        fmt = _weighted(rng, style["formats"])
        event_name = _weighted(rng, self.t["events"])
        event = self.t["events"][event_name]
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(self.days + 1))
        outlet = rng.choice(self.t["outlets"])
        author = f"{rng.choice(self.t['first_names'])} {rng.choice(self.t['last_names'])}"
        slots = self._slots(rng, event_name, published, outlet, author)

        def fill(template: str) -> str:
            return _sentence(template.format_map(slots))

        title = style.get("title_prefix", "") + fill(rng.choice(event["headlines"]))
        pool = [*event["follow"], *self.t["attributions"], *self.t["hedges"], *self.t["background"]]
        second = self.t["events"][_weighted(rng, self.t["events"])]
        pool += rng.sample(second["leads"], 1)  # a second, related event in the body
        low, high = style["paragraphs"]
        body = rng.sample(pool, min(len(pool), rng.randint(low, high) * 2))
        paragraphs = [fill(rng.choice(style["openers"])) + fill(rng.choice(event["leads"]))]
        while body:
            take = rng.randint(1, 3)
            paragraphs.append(" ".join(fill(s) for s in body[:take]))
            body = body[take:]
        if "subheads" in style and len(paragraphs) > 3:
            paragraphs.insert(len(paragraphs) - 2, "## " + rng.choice(style["subheads"]))
        paragraphs.append(fill(rng.choice(self.t["closings"])))
        if "header" in style:
            paragraphs.insert(0, fill(style["header"]))
        footer = fill(rng.choice(style["footers"]))
        if footer:
            paragraphs.append(footer)
        byline = style_name in ("newspaper", "analysis", "wire")
        return Article(index=i, style=style_name, fmt=fmt, title=title, published=published, outlet=outlet,
                       author=author if byline else None, paragraphs=tuple(paragraphs))

    # -- rendering -----------------------------------------------------------------------------------

    def render(self, art: Article) -> tuple[str, str]:
        """(relative path, file content) of an article in its format."""
        path = f"{art.index // PER_FOLDER:03d}/{art.index:06d}-{art.style}.{art.fmt}"
        if art.fmt == "html":
            return path, _html(art)
        if art.fmt == "txt":
            date = f"{art.published.day} {self.t['months'][art.published.month - 1]} {art.published.year}"
            body = "\n\n".join(p.removeprefix("## ") for p in art.paragraphs)
            return path, f"{art.title}\n{date}\n\n{body}\n"
        front = {"title": art.title, "date": art.published.isoformat(), "url": art.url, "outlet": art.outlet["name"]}
        if art.author:
            front["author"] = art.author
        # JSON strings are YAML strings: quotes and colons in titles need no further escaping
        head = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items())
        return path, f"---\n{head}\n---\n\n# {art.title}\n\n" + "\n\n".join(art.paragraphs) + "\n"

    def write(self, out: Path, n: int) -> tuple[int, float]:
        """Write documents 0..n-1 under ``out`` as they are made; (bytes written, seconds)."""
        start = time.perf_counter()
        total = 0
        made: set[str] = set()
        for i in range(n):
            rel, content = self.render(self.article(i))
            folder = rel.split("/", 1)[0]
            if folder not in made:
                (out / folder).mkdir(parents=True, exist_ok=True)
                made.add(folder)
            data = content.encode("utf-8")
            (out / rel).write_bytes(data)
            total += len(data)
        return total, time.perf_counter() - start


def _html(art: Article) -> str:
    e = html.escape
    paras = []
    for p in art.paragraphs:
        paras.append(f"<h2>{e(p[3:])}</h2>" if p.startswith("## ") else f"<p>{e(p)}</p>")
    byline = f'<p class="byline">By {e(art.author)}</p>' if art.author else ""
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{e(art.title)} | {e(art.outlet['name'])}</title>"
        f"<meta property=\"og:title\" content=\"{e(art.title)}\">"
        f"<meta property=\"og:site_name\" content=\"{e(art.outlet['name'])}\">"
        f"<meta property=\"article:published_time\" content=\"{art.published.isoformat()}\">"
        f"<link rel=\"canonical\" href=\"{e(art.url)}\"></head>\n<body><header><nav><a href=\"/\">Home</a> "
        "<a href=\"/world\">World</a> <a href=\"/defence\">Defence</a> <a href=\"/subscribe\">Subscribe</a></nav>"
        f"</header>\n<main><article><h1>{e(art.title)}</h1>{byline}"
        f"<time datetime=\"{art.published.isoformat()}\">{art.published.isoformat()}</time>\n"
        + "\n".join(paras)
        + f"\n</article></main>\n<footer><p>&copy; {art.published.year} {e(art.outlet['name'])}. All rights "
        "reserved.</p><p><a href=\"/privacy\">Privacy</a> <a href=\"/terms\">Terms</a></p></footer></body></html>\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("out", type=Path, help="output folder (created; existing files of the same names are replaced)")
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0): same seed, same corpus")
    ap.add_argument("--lang", default="en", help="template language (default en)")
    ap.add_argument("--json", type=Path, help="also write the figures (docs, bytes, seconds, docs/s) as JSON")
    args = ap.parse_args(argv)
    if args.docs < 0:
        ap.error("--docs must be >= 0")
    gen = Generator(seed=args.seed, lang=args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    size, seconds = gen.write(args.out, args.docs)
    rate = args.docs / seconds if seconds > 0 else float("inf")
    print(f"wrote {args.docs} documents ({size / 1e6:.1f} MB) to {args.out} in {seconds:.2f} s: "
          f"{rate:,.0f} docs/s (seed {args.seed}, lang {args.lang})", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "bytes": size, "seconds": seconds, "docs_per_s": rate,
                                         "seed": args.seed, "lang": args.lang}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
