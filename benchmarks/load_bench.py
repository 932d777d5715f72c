"""Time `ctoc-kg load` of a synthetic graph into a fresh `oxigraph serve` (127.0.0.1).

    python benchmarks/load_bench.py [TRIPLES ...]     (default: 10000 100000)

Prints seconds for the first load (PUT into an empty graph) and a replacing load.
Reference (PERFORMANCE.md): a Graph Store PUT of 100k triples takes about 3-6 s,
replacing an existing graph about 7-11 s on this kind of machine.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from store_helpers import oxigraph_server  # noqa: E402


def main(sizes: list[int]) -> None:
    ctoc = str(Path(sys.executable).parent / "ctoc-kg")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "bench.nt"
            with data.open("w") as f:
                for i in range(n):
                    f.write(f'<https://example.org/s{i // 10}> <https://example.org/p{i % 10}> "v{i}" .\n')
            with oxigraph_server(Path(tmp) / "db") as server:
                for label in ("first load", "replace"):
                    start = time.perf_counter()
                    proc = subprocess.run([ctoc, "load", str(data), "--no-ontology", "--quiet",
                                           "--endpoint", server.url, "--timeout", "600"],
                                          capture_output=True, text=True)
                    took = time.perf_counter() - start
                    if proc.returncode != 0:
                        sys.exit(proc.stderr)
                    print(f"{n:>9} triples  {label:10}  {took:6.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
