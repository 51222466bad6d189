"""Offline language identification (ISO 639-1) from scripts and function words.

Two steps, both driven by ``data/languages.yaml``:

1. Count letters per Unicode script. Han, kana, Hangul, Arabic, Cyrillic ... decide the candidate set; Japanese
   is recognised by kana even amid Han characters, and Chinese by Han without kana.
2. Within a script, the language whose function words cover the largest share of the tokens wins (Cyrillic
   also counts letters unique to Russian or Ukrainian). Too little text, or no clear winner, returns None.

This is deliberately small: the pipeline only needs to know whether a document is English enough to mine.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

from ..errors import ConfigError
from ._data import load_yaml

__all__ = ["detect_language"]

_MIN_LETTERS = 20
_MIN_TOKENS = 4
_MIN_COVERAGE = 0.08  # share of tokens that must be function words of the winning language
_SAMPLE = 6_000  # characters examined: the start of an article is enough (~1,000 words)


@dataclass(frozen=True, slots=True)
class _Profile:
    code: str
    script: str
    stopwords: frozenset[str]
    letters: frozenset[str]


@cache
def _profiles() -> tuple[dict[str, str], tuple[_Profile, ...]]:
    path = "languages.yaml"
    data = load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("languages"), dict):
        raise ConfigError("E004", path=path, reason="expected 'scripts' and 'languages' mappings")
    scripts = {str(k): str(v) for k, v in (data.get("scripts") or {}).items()}
    profiles = []
    for code, spec in data["languages"].items():
        if not isinstance(spec, dict) or "script" not in spec:
            raise ConfigError("E004", path=path, reason=f"language {code!r} needs a script")
        words = frozenset(str(w).lower() for w in spec.get("stopwords") or ())
        profiles.append(
            _Profile(str(code), str(spec["script"]), words, frozenset(str(spec.get("letters", ""))))
        )
    return scripts, tuple(profiles)


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x370 <= o < 0x400:
        return "greek"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    if 0x590 <= o < 0x600:
        return "hebrew"
    if 0x600 <= o < 0x700 or 0x750 <= o < 0x780 or 0xFB50 <= o < 0xFE00 or 0xFE70 <= o < 0xFF00:
        return "arabic"
    if 0x900 <= o < 0x980:
        return "devanagari"
    if 0xE00 <= o < 0xE80:
        return "thai"
    if 0x1E00 <= o < 0x1F00:
        return "latin"
    if 0x3040 <= o < 0x3100 or 0x31F0 <= o < 0x3200 or 0xFF66 <= o < 0xFF9E:
        return "kana"
    if 0xAC00 <= o < 0xD7B0 or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190:
        return "hangul"
    if 0x4E00 <= o < 0xA000 or 0x3400 <= o < 0x4DC0 or 0x20000 <= o < 0x2FA20 or 0xF900 <= o < 0xFB00:
        return "han"
    name = unicodedata.name(ch, "")
    return "latin" if name.startswith("LATIN") else "other"


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text to tell.

    >>> detect_language("The minister said that the talks would continue in the spring.")
    'en'
    """
    sample = text[:_SAMPLE]
    # Pure-ASCII text is Latin script: count it in one pass instead of classifying every character.
    if sample.isascii():
        scripts = Counter({"latin": sum(1 for ch in sample if ch.isalpha())})
    else:
        scripts = Counter(s for s in map(_script, sample) if s)
    letters = sum(scripts.values())
    if letters < _MIN_LETTERS:
        return None
    script_to_lang, profiles = _profiles()
    if scripts["kana"] >= 0.05 * letters:
        return script_to_lang.get("kana", "ja")
    cjk = scripts["han"] + scripts["hangul"]
    if cjk >= 0.3 * letters:
        return script_to_lang.get("hangul" if scripts["hangul"] > scripts["han"] else "han")
    script, _count = scripts.most_common(1)[0]
    candidates = [p for p in profiles if p.script == script]
    if not candidates:
        return script_to_lang.get(script)
    tokens = [t.lower() for t in _TOKEN.findall(sample)]
    if len(tokens) < _MIN_TOKENS:
        return None
    counts = Counter(tokens)
    lowered = sample.lower()
    best, best_score = None, 0.0
    for p in candidates:
        hits = sum(n for word, n in counts.items() if word in p.stopwords)
        score = hits / len(tokens)
        if p.letters:
            score += 0.5 * sum(lowered.count(ch) for ch in p.letters) / max(1, scripts[script])
        if score > best_score:
            best, best_score = p.code, score
    if best is None or best_score < _MIN_COVERAGE:
        return script_to_lang.get(script) if script != "latin" else None
    return best
