"""Write tests/expected/<query>.srj: each shipped query's answer with its default
parameters over the reasoned shipped graph (SPARQL 1.1 JSON results).

Run once after changing a query or the data, then CHECK EVERY CHANGED FILE BY HAND
against the source note: these files are the truth the tests compare with.

    python tests/expected/regenerate.py [NAME ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ctoc_kg import query as Q
from ctoc_kg.dataset import load
from ctoc_kg.reason import reason

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> None:
    ds = load()
    reason(ds)
    for info in Q.shipped_queries():
        if names and info.name not in names:
            continue
        result = Q.execute(Q.prepare(info.name), ds, engine="rdflib")
        data = json.loads(Q.format_result(result, "json"))
        out = HERE / f"{info.name}.srj"
        out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{out.name}: {len(result.rows)} rows")


if __name__ == "__main__":
    main(sys.argv[1:])
