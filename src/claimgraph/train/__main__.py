"""Train and measure the event layer.

    python -m claimgraph.train fit [--corpus DIR ...] [--out DIR] [--limit N] [--held-apart K]
    python -m claimgraph.train report [--corpus DIR ...] [--part train|held|all] [--events v1|v2] [--limit N]

``fit`` retrains the shipped model (``src/claimgraph/data/models/events.v2``) from the packaged corpus and prints
its training report with the time taken; ``report`` scores the pipeline on a part of the corpus with the one
ruler (events strict and lenient, attribution, hedging).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claimgraph.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fit", help="retrain claimgraph.events.v2 from the corpus")
    f.add_argument("--corpus", nargs="*", default=None, help="authored corpus folders (default: the packaged one)")
    f.add_argument("--out", default=None, help="model folder (default: the packaged data/models/events.v2)")
    f.add_argument("--limit", type=int, default=None, help="use only the first N articles (a smoke run)")
    f.add_argument("--held-apart", type=int, default=5, help="every K-th article is held apart (default 5)")
    f.add_argument("--no-real", action="store_true", help="leave out the annotated real pages")
    f.add_argument("--texts", default=None, help="folder of the real pages' texts (default ./training_texts)")
    f.add_argument("--real-batches", default=None,
                   help="comma list of data/training/real batches, or 'all' (default: those of fit.REAL_BATCHES)")
    r = sub.add_parser("report", help="score the pipeline on a part of the corpus")
    r.add_argument("--corpus", nargs="*", default=None)
    r.add_argument("--part", choices=("train", "held", "all"), default="held")
    r.add_argument("--events", choices=("v1", "v2"), default="v2")
    r.add_argument("--limit", type=int, default=None)
    r.add_argument("--held-apart", type=int, default=5)
    r.add_argument("--source", choices=("authored", "real", "all"), default="all",
                   help="authored articles, annotated real pages (texts under --texts), or both")
    r.add_argument("--texts", default=None)
    r.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.cmd == "fit":
        from .fit import DEFAULT_OUT, fit

        t0 = time.perf_counter()
        from .fit import REAL_BATCHES

        batches = (REAL_BATCHES if args.real_batches is None else None if args.real_batches == "all"
                   else tuple(b.strip() for b in args.real_batches.split(",") if b.strip()))
        report = fit(args.corpus, Path(args.out) if args.out else DEFAULT_OUT, args.limit, args.held_apart,
                     real=not args.no_real, texts=Path(args.texts) if args.texts else None, real_batches=batches)
        report["wall_seconds"] = round(time.perf_counter() - t0, 1)
        sys.stdout.write(json.dumps(report, indent=1) + "\n")
        return 0
    from .corpus import load_corpus, load_real
    from .fit import split_of
    from .report import score_articles

    pool = load_corpus(args.corpus) if args.source != "real" else []
    if args.source != "authored":
        pool += load_real(texts=Path(args.texts) if args.texts else None)[0]
    arts = sorted((a for a in pool if not a.problems and a.text), key=lambda a: a.doc)
    if args.part != "all":
        arts = [a for a in arts if split_of(a.doc, args.held_apart) == args.part]
    if args.limit:
        arts = arts[: args.limit]
    rep = score_articles(arts, events=args.events)
    if args.json:
        sys.stdout.write(json.dumps(rep.to_dict(), indent=1) + "\n")
    else:
        m = rep.metrics()
        sys.stdout.write(
            f"{args.part} part ({args.source}), {len(arts)} articles, events {args.events}: "
            f"lenient P/R/F1 {m['events.lenient.precision']:.3f}/{m['events.lenient.recall']:.3f}/"
            f"{m['events.lenient.f1']:.3f}, strict F1 {m['events.strict.f1']:.3f}, "
            f"attribution {m['attribution.accuracy']:.3f}, hedging {m['hedging.accuracy']:.3f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
