"""Classify the misses of an export against gold with the one ruler's rules (what to fix first).

    python scripts/miss_classes.py EXPORT_DIR GOLD_DIR [--show N] [--fp N]

For each gold event not matched (lenient): ``no_type`` (no system event of its type family in the document),
``parties`` (the family is there, actor/target never agree), ``item`` (parties agree, the item does not),
``date`` (all agree but the date). Also counts system events never matched (false positives) by type; ``--fp N``
lists the first N of them with their trigger and evidence.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimgraph.evaluate.ruler import (  # noqa: E402
    SYMMETRIC,
    family,
    gold_id,
    item_match,
    load_gold_rows,
    match,
    read_export,
    same_party,
    when_match,
)


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


def main(argv: list[str]) -> int:
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 0
    show_fp = int(argv[argv.index("--fp") + 1]) if "--fp" in argv else 0
    fp_lines: list[str] = []
    export, gold_dir = argv[0], argv[1]
    docs, events, _ = read_export(export)
    golds = load_gold_rows(gold_dir)
    doc2gold = {d["id"]: gold_id(d.get("source", d["id"])) for d in docs}
    by_doc: dict[str, list] = {}
    for e in events:
        by_doc.setdefault(doc2gold.get(e["document"], ""), []).append(e)
    classes: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    examples: list[str] = []
    aliases: dict = {}
    for gid, g in golds.items():
        se = by_doc.get(gid, [])
        pairs = match(g["events"], se, aliases, True)
        got = {id(a) for a, _ in pairs}
        used = {id(b) for _, b in pairs}
        for s in se:
            if id(s) not in used:
                fp[s["type"]] += 1
                if len(fp_lines) < show_fp:
                    ev = s.get("evidence") or ""
                    ev = ev if isinstance(ev, str) else str(ev.get("text", ""))
                    fp_lines.append(f"{gid} FP {s['type']} {s.get('actor')}->{s.get('target')} {s.get('item')} "
                                    f"{s.get('when')} [{s.get('trigger_text') or s.get('trigger') or ''}] "
                                    f"{ev[:140]!r}")
        for ge in g["events"]:
            if id(ge) in got:
                classes["matched"] += 1
                continue
            fam = [s for s in se if family(s["type"]) == family(ge["type"])]

            def parties(s: dict, ge: dict = ge) -> bool:
                ga, gt, sa, st = ge.get("actor"), ge.get("target"), s.get("actor"), s.get("target")
                straight = same_party(ga, sa, True) and (not gt or same_party(gt, st, True))
                crossed = same_party(ga, st, True) and (not gt or same_party(gt, sa, True))
                return straight or (ge["type"] in SYMMETRIC and crossed)
            if not fam:
                c = "no_type"
            elif not any(parties(s) for s in fam):
                c = "parties"
            elif not any(parties(s) and item_match(ge.get("item"), s.get("item"), aliases) for s in fam):
                c = "item"
            elif not any(parties(s) and when_match(ge.get("when"), s.get("when")) for s in fam):
                c = "date"
            else:
                c = "other"
            classes[c] += 1
            if show and len(examples) < show:
                cand = [(s["type"], s.get("actor"), s.get("target"), s.get("item"), s.get("when")) for s in fam][:3]
                examples.append(f"{gid} {c}: gold {ge['type']} {ge.get('actor')}->{ge.get('target')} "
                                f"{ge.get('item')} {ge.get('when')} | sys {cand}")
    total = sum(classes.values())
    for k, v in classes.most_common():
        out(f"{k:10s} {v:4d} {v / total:.0%}")
    out(f"false positives by type: {dict(fp.most_common())}")
    for line in examples + fp_lines:
        out(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
