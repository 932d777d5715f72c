"""Precision and recall of ``ctoc-kg extract`` per note and per fact kind.

Notes: the first note (read from ``../shared/source/`` beside the repository, or
``--source DIR`` / ``$CTOC_KG_SOURCE_DIR``), compared with the hand-encoded
``graph/note-2020-07-01-subsidiary-bodies.ttl``, and every test note
``tests/data/extract/*.md`` with its ``*.expected.json`` (held-out notes are marked).

    python benchmarks/extract_bench.py [--source DIR] [--libraries]

``--libraries`` also measures the alternatives we did not adopt, side by side with what
extract uses, when they are installed: dateparser (dates) against
``ctoc_kg.extract.numbers.find_dates``, langdetect against py3langid (language).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = "000_f51f591040335cc9.txt"


def main(argv=None) -> int:
    from rdflib import Graph

    from ctoc_kg.extract import extract
    from ctoc_kg.extract.compare import facts_of, from_json, score, table

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", default=os.environ.get("CTOC_KG_SOURCE_DIR", str(REPO.parent / "shared" / "source")))
    ap.add_argument("--libraries", action="store_true", help="also compare with dateparser and langdetect")
    args = ap.parse_args(argv)
    if args.libraries:
        libraries()
    totals: dict[str, list[int]] = {}
    runs = []
    seed = Path(args.source) / SEED
    if seed.is_file():
        runs.append(("first note (seed, vs graph/note-2020-07-01-subsidiary-bodies.ttl)", seed,
                     facts_of(Graph().parse(REPO / "graph" / "note-2020-07-01-subsidiary-bodies.ttl"))))
    else:
        print(f"(first note not found at {seed}: skipped; give --source DIR)", file=sys.stderr)
    hand = REPO / "graph" / "note-2020-07-01-subsidiary-bodies.ttl"
    for md in sorted((REPO / "tests" / "data" / "extract" / "seed-en").glob("*.md")):
        runs.append((f"{md.name} (vs {hand.name})", md, facts_of(Graph().parse(hand))))
    for md in sorted((REPO / "tests" / "data" / "extract").glob("*.md")):
        expected = json.loads(md.with_suffix(".expected.json").read_text("utf-8"))
        tag = " [held out]" if expected.get("held_out") else ""
        runs.append((md.name + tag, md, from_json(expected)))
    for title, path, expected in runs:
        t = time.perf_counter()
        got = facts_of(extract(path).graph)
        scores = score(expected, got)
        print(table(scores, f"\n{title}  ({time.perf_counter() - t:.2f} s)"))
        for s in scores:
            agg = totals.setdefault(s.kind, [0, 0, 0])
            agg[0] += s.expected
            agg[1] += s.found
            agg[2] += s.correct
    print("\nall notes")
    print(f"{'kind':<18} {'expected':>8} {'found':>6} {'correct':>7} {'precision':>9} {'recall':>7}")
    for k, (e, f, c) in totals.items():
        print(f"{k:<18} {e:>8} {f:>6} {c:>7} {(c / f if f else 1):>9.1%} {(c / e if e else 1):>7.1%}")
    return 0


DATE_CASES = [  # (text, first, last) in the forms the Secretariat writes
    ("du 9 au 11 octobre 2019", "2019-10-09", "2019-10-11"), ("les 10 et 11 septembre 2020", "2020-09-10", "2020-09-11"),
    ("1er juillet 2020", "2020-07-01", "2020-07-01"), ("12-16 octobre 2020", "2020-10-12", "2020-10-16"),
    ("from 4 to 6 July 2022", "2022-07-04", "2022-07-06"), ("on 13 and 14 April 2021", "2021-04-13", "2021-04-14"),
    ("17–21 October 2022", "2022-10-17", "2022-10-21"), ("du 30 septembre au 2 octobre 2020", "2020-09-30", "2020-10-02"),
    ("on 9 November 2022", "2022-11-09", "2022-11-09"), ("le 3 août 2021", "2021-08-03", "2021-08-03"),
    ("from 30 May to 1 June 2022", "2022-05-30", "2022-06-01"), ("les 16 et 17 juillet 2020", "2020-07-16", "2020-07-17"),
]
LANG_CASES = [  # (text, language) short clauses of the genre, and others
    ("Le Groupe de travail a tenu sa neuvième réunion.", "fr"), ("The Working Group held its ninth meeting.", "en"),
    ("Le rapport sera présenté à la Conférence à sa dixième session.", "fr"),
    ("The report will be submitted to the Conference at its eleventh session.", "en"),
    ("Groupe de travail sur les armes à feu", "fr"), ("Working Group on Firearms", "en"),
    ("Note du Secrétariat", "fr"), ("Note by the Secretariat", "en"),
    ("El Grupo de Trabajo celebró su novena reunión en Viena.", "es"),
    ("Die Arbeitsgruppe hielt ihre neunte Sitzung in Wien ab.", "de"),
    ("Il Gruppo di lavoro ha tenuto la sua nona riunione a Vienna.", "it"),
    ("Рабочая группа провела свое девятое совещание в Вене.", "ru"),
]


def libraries() -> None:
    from ctoc_kg.extract.language import detect
    from ctoc_kg.extract.numbers import find_dates

    def ours(text):
        d = find_dates(text)
        return (d[0].first.isoformat(), d[0].last.isoformat()) if len(d) == 1 else None

    t = time.perf_counter()
    right = sum(ours(x) == (a, b) for x, a, b in DATE_CASES)
    print(f"dates, {len(DATE_CASES)} forms: ctoc_kg.extract.numbers {right} right ({time.perf_counter() - t:.3f} s)")
    try:
        import dateparser
        from dateparser.search import search_dates
    except ImportError:
        print("  dateparser not installed (pip install dateparser to compare)")
    else:
        t = time.perf_counter()
        whole = invented = 0
        for x, a, b in DATE_CASES:
            p = dateparser.parse(x, languages=["fr", "en"])
            if p is not None and a == b and p.date().isoformat() == a:
                whole += 1
            found = search_dates(x, languages=["fr", "en"]) or []
            invented += sum(1 for _s, d in found if d.date().isoformat() not in (a, b))
        print(f"  dateparser.parse: {whole} right (it reads no range); search_dates gives {invented} dates "
              f"that are not in the text ({time.perf_counter() - t:.3f} s)")
    t = time.perf_counter()
    right = sum(detect(x) == lang for x, lang in LANG_CASES)
    print(f"language, {len(LANG_CASES)} clauses: py3langid {right} right ({time.perf_counter() - t:.3f} s, model load included)")
    try:
        import langdetect
        from langdetect import DetectorFactory
    except ImportError:
        print("  langdetect not installed (pip install langdetect to compare)")
    else:
        DetectorFactory.seed = 0
        t = time.perf_counter()
        right = sum(langdetect.detect(x) == lang for x, lang in LANG_CASES)
        print(f"  langdetect: {right} right ({time.perf_counter() - t:.3f} s, model load included)")


if __name__ == "__main__":
    sys.exit(main())
