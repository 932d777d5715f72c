"""Apache Jena's SHACL engine as a second opinion on ``ctoc-kg validate``.

Jena comes from Debian (``libapache-jena-java``, Jena 4.5, and a Java runtime); this
module installs them with ``apt-get`` when they are missing (CI starts from a bare
Python image), builds the Java classpath itself (Debian's jars carry no
``Class-Path``), and works around two faults of that build:

* Debian relocates jena-core's bundled xerces classes to the package ``xerces`` but
  leaves their message files under ``org/apache/jena/ext/xerces``; without them
  Jena dies at start-up (``XSSimpleTypeDecl.applyFacets1: internal error``).  The
  files are copied once, under the relocated name, into a cache folder put on the
  classpath.
* Jena 4.5 refuses a SPARQL constraint with more than one ``sh:message`` ("More than
  one match"), a known Jena bug; ``jena_shapes`` gives it a copy of the shapes with
  one message (English) per SPARQL constraint.  Messages are not compared.

Use (from a test; pytest puts ``tests/`` on ``sys.path``)::

    from support.jena import Jena, compare, ctoc_report, validation_input
    jena = Jena.ensure()                        # install when missing; JenaUnavailable if not possible
    data, shapes = validation_input(files)      # exactly what ctoc-kg validate hands pyshacl
    theirs = jena.validate(data, shapes)        # EngineReport
    ours = ctoc_report(validate(files))         # EngineReport of ctoc_kg.validate
    diff = compare(ours, theirs)                # Diff; falsy when both agree
    assert not diff, diff.explain()

Results are compared as the W3C SHACL test suite does, on (focus node, path,
severity, source shape, value), each written in N-Triples (blank nodes as ``[]``).

From a shell (a checkout, the package installed)::

    python tests/support/jena.py [FILE...]      # like `ctoc-kg validate [FILE...]`, both engines
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

JAVA_DIR = Path("/usr/share/java")
DEBIAN_PACKAGES = ("default-jre-headless", "libapache-jena-java")
# The jars the `shacl` command needs, named explicitly (Debian ships several slf4j
# bindings side by side; putting them all on the classpath makes slf4j refuse to start).
JARS = (
    "jena-*.jar",
    "commons-cli.jar", "commons-codec.jar", "commons-compress.jar", "commons-csv.jar",
    "commons-io.jar", "commons-lang3.jar",
    "dexx.collection*.jar", "guava.jar", "gson.jar",
    "jackson-annotations.jar", "jackson-core.jar", "jackson-databind.jar",
    "jsonld-java.jar", "titanium-json-ld.jar", "jakarta.json-api.jar",
    "httpclient.jar", "httpcore.jar", "protobuf-3*.jar", "thrift-*.jar",
    "slf4j-api.jar", "slf4j-nop.jar", "jcl-over-slf4j.jar",
)
MAIN_CLASS = "shacl.shacl"
# start-up dominates a run on our data: no tiered C2 compilation, one GC thread
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m", "-Xlog:disable", "-Xlog:all=warning:stderr")

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class JenaUnavailable(RuntimeError):
    """Java or Jena is missing and could not be installed."""


class JenaError(RuntimeError):
    """Jena ran but did not produce a validation report."""


class Key(NamedTuple):
    """One validation result as compared between engines (N-Triples strings)."""

    focus: str
    path: str | None
    severity: str
    source_shape: str
    value: str | None

    def short(self) -> str:
        def s(x):
            if x is None:
                return "-"
            for ns, p in (("https://w3id.org/ctoc-kg/id/", "id:"),
                          ("https://w3id.org/ctoc-kg/ontology#", "ctoc:"),
                          ("https://w3id.org/ctoc-kg/shapes#", "ctocsh:"), (SH, "sh:")):
                x = x.replace("<" + ns, p)
            return x.replace(">", "") if x.startswith(("id:", "ctoc:", "ctocsh:", "sh:")) else x
        return (f"{s(self.severity)} {s(self.source_shape)} focus={s(self.focus)} "
                f"path={s(self.path)} value={s(self.value)}")


@dataclass
class EngineReport:
    """A SHACL validation report reduced to what engines are compared on."""

    engine: str
    conforms: bool
    results: list[Key]
    text: str = ""  # the report as the engine wrote it (Turtle), for diagnosis

    @property
    def keys(self) -> set[Key]:
        return set(self.results)

    @property
    def severities(self) -> Counter:
        return Counter(k.severity[len(SH) + 1:-1] for k in self.results)


@dataclass
class Diff:
    """Results one engine reports and the other does not (compared as sets)."""

    left: str
    right: str
    only_left: set[Key] = field(default_factory=set)
    only_right: set[Key] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.only_left or self.only_right)

    def explain(self) -> str:
        lines = []
        for name, keys in ((self.left, self.only_left), (self.right, self.only_right)):
            for k in sorted(keys):
                lines.append(f"only {name}: {k.short()}")
        return "\n".join(lines) or "same results"


def compare(left: EngineReport, right: EngineReport) -> Diff:
    """The results of ``left`` and ``right`` that the other does not have."""
    return Diff(left.engine, right.engine, left.keys - right.keys, right.keys - left.keys)


# ---------------------------------------------------------------------------
# Installing and finding Jena


def _run_apt(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, timeout=1800)


def install(packages: tuple[str, ...] = DEBIAN_PACKAGES) -> None:
    """``apt-get install`` the packages (after ``apt-get update`` if the first try fails)."""
    if shutil.which("apt-get") is None:
        raise JenaUnavailable(f"Java/Jena missing and no apt-get to install {' '.join(packages)}")
    if os.geteuid() != 0:
        raise JenaUnavailable(f"Java/Jena missing; install as root: apt-get install {' '.join(packages)}")
    args = ["install", "-y", "-q", "--no-install-recommends", *packages]
    done = _run_apt(args)
    if done.returncode != 0:
        _run_apt(["update", "-q"])
        done = _run_apt(args)
    if done.returncode != 0:
        raise JenaUnavailable(f"apt-get {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def _missing() -> list[str]:
    missing = [] if shutil.which("java") else ["default-jre-headless"]
    if not (JAVA_DIR / "jena-shacl.jar").exists() or not (JAVA_DIR / "jena-cmds.jar").exists():
        missing.append("libapache-jena-java")
    return missing


def _jars() -> list[Path]:
    jars: list[Path] = []
    for pattern in JARS:
        found = sorted(glob.glob(str(JAVA_DIR / pattern)))
        if not found:
            raise JenaUnavailable(f"{JAVA_DIR / pattern}: not found (is libapache-jena-java complete?)")
        jars.extend(Path(f) for f in found)
    return jars


def _xerces_messages(jena_core: Path, cache: Path) -> Path | None:
    """A folder holding jena-core's xerces message files under the package name its
    xerces classes were relocated to, or None when the jar needs no such help."""
    with zipfile.ZipFile(jena_core) as jar:
        names = jar.namelist()
        marker = "impl/dv/xs/XSSimpleTypeDecl.class"
        class_roots = {n[: -len(marker)] for n in names if n.endswith(marker)}
        message_roots = {n[: n.index("impl/msg/")] for n in names
                         if "/impl/msg/" in n and n.endswith(".properties")}
        if not class_roots or not message_roots or class_roots & message_roots:
            return None
        class_root, source_root = sorted(class_roots)[0], sorted(message_roots)[0]
        stamp = hashlib.sha256(f"{jena_core.stat().st_size}:{jena_core.stat().st_mtime_ns}:{class_root}"
                               .encode()).hexdigest()[:16]
        out = cache / f"xerces-{stamp}"
        if (out / ".complete").exists():
            return out
        tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".xerces-"))
        for n in names:
            if n.startswith(source_root) and n.endswith(".properties"):
                target = tmp / (class_root + n[len(source_root):])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(n))
        (tmp / ".complete").write_text("ok\n")
        try:
            tmp.rename(out)
        except OSError:  # another process made it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
        return out


@dataclass
class Jena:
    """A runnable Jena ``shacl`` command (``Jena.ensure()`` finds or installs it).

    The first run writes a class-data-sharing archive of the classes Jena loads
    (``-XX:ArchiveClassesAtExit``) into the cache folder; later runs map it
    (``-XX:SharedArchiveFile``), which saves about a third of each run's start-up."""

    java: str
    classpath: list[str]
    version: str = ""
    cache: Path | None = None

    @classmethod
    def ensure(cls, *, install_missing: bool = True) -> "Jena":
        missing = _missing()
        if missing:
            if not install_missing:
                raise JenaUnavailable(f"missing Debian packages: {' '.join(missing)}")
            install(tuple(missing))
            if _missing():
                raise JenaUnavailable(f"still missing after apt-get: {' '.join(_missing())}")
        java = shutil.which("java")
        jars = _jars()
        cache = Path(tempfile.gettempdir()) / f"ctoc-kg-jena-{os.getuid()}"
        cache.mkdir(mode=0o700, exist_ok=True)
        extra = _xerces_messages(JAVA_DIR / "jena-core.jar", cache)
        classpath = [str(j) for j in jars] + ([str(extra)] if extra else [])
        version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
        return cls(java=java, classpath=classpath, version=version[0] if version else "", cache=cache)

    def _archive(self) -> Path | None:
        if self.cache is None:
            return None
        stamp = hashlib.sha256("\n".join([self.java, self.version, *self.classpath]).encode()).hexdigest()[:16]
        return self.cache / f"jena-{stamp}.jsa"

    def command(self, *args: str, share: list[str] | None = None) -> list[str]:
        return [self.java, *JAVA_OPTIONS, *(share or []), "-cp", os.pathsep.join(self.classpath),
                MAIN_CLASS, *args]

    def run(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
        """Run Jena's ``shacl`` command with ARGS (class-data sharing as said above)."""
        archive = self._archive()
        share, fresh = [], None
        if archive is not None and archive.exists():
            share = [f"-XX:SharedArchiveFile={archive}"]
        elif archive is not None:
            fresh = archive.with_name(f"{archive.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
            share = [f"-XX:ArchiveClassesAtExit={fresh}"]
        done = subprocess.run(self.command(*args, share=share), capture_output=True, text=True,
                              timeout=timeout)
        if fresh is not None and fresh.exists():
            if done.returncode == 0:
                os.replace(fresh, archive)  # atomic: concurrent runs see a whole archive or none
            else:
                fresh.unlink(missing_ok=True)
        return done

    def validate_files(self, data: Path, shapes: Path, *, timeout: float = 900) -> EngineReport:
        """``shacl validate --shapes SHAPES --data DATA``; the Turtle report parsed."""
        done = self.run("validate", "--shapes", str(shapes), "--data", str(data), timeout=timeout)
        if done.returncode != 0 or "ValidationReport" not in done.stdout:
            raise JenaError(f"jena shacl exited {done.returncode}:\n{done.stderr[-3000:]}\n{done.stdout[-1000:]}")
        return parse_report(done.stdout, "jena")

    def validate(self, data, shapes, *, timeout: float = 900) -> EngineReport:
        """Validate ``data`` against ``shapes`` (rdflib Graphs or file paths); the shapes
        are passed through ``jena_shapes`` first."""
        with tempfile.TemporaryDirectory(prefix="ctoc-kg-jena-") as tmp:
            d = Path(tmp) / "data.nt"
            s = Path(tmp) / "shapes.nt"
            write_ntriples(data, d)
            write_ntriples(jena_shapes(_as_quads(shapes)), s)
            return self.validate_files(d, s, timeout=timeout)


# ---------------------------------------------------------------------------
# Graphs in and reports out


def _as_quads(g) -> list[ox.Triple]:
    """An rdflib Graph, a list of pyoxigraph triples/quads, or a path, as pyoxigraph triples."""
    if isinstance(g, (str, os.PathLike)):
        from ctoc_kg.dataset import read_quads

        return [ox.Triple(q.subject, q.predicate, q.object) for q in read_quads(g)]
    if isinstance(g, list) and all(isinstance(t, (ox.Triple, ox.Quad)) for t in g):
        return [ox.Triple(t.subject, t.predicate, t.object) for t in g]
    from ctoc_kg.terms import to_ox

    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g]


def write_ntriples(g, path: Path) -> None:
    """Write a graph (anything ``_as_quads`` takes) as N-Triples, lexical forms as held."""
    path.write_bytes(ox.serialize(_as_quads(g), format=ox.RdfFormat.N_TRIPLES) or b"")


def jena_shapes(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The shapes with one ``sh:message`` per SPARQL constraint (English if there is
    one), so Jena 4.5 accepts them; everything else unchanged."""
    sparql = {t.object for t in triples if t.predicate.value == SH + "sparql"}
    messages: dict = {}
    for t in triples:
        if t.subject in sparql and t.predicate.value == SH + "message":
            messages.setdefault(t.subject, []).append(t.object)
    keep = {}
    for node, ms in messages.items():
        ms.sort(key=lambda m: (getattr(m, "language", None) != "en", str(m)))
        keep[node] = ms[0]
    return [t for t in triples
            if not (t.subject in keep and t.predicate.value == SH + "message" and t.object != keep[t.subject])]


def _nt(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "[]"
    return str(term)


def report_keys(triples: list[ox.Triple], engine: str, text: str = "") -> EngineReport:
    """An ``EngineReport`` from the triples of an ``sh:ValidationReport``."""
    by_subject: dict = {}
    for t in triples:
        by_subject.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
    conforms = None
    results = []
    for node, props in by_subject.items():
        types = {o.value for o in props.get(RDF_TYPE, []) if isinstance(o, ox.NamedNode)}
        if SH + "ValidationReport" in types:
            conforms = props[SH + "conforms"][0].value == "true"
        if SH + "ValidationResult" in types or SH + "focusNode" in props:
            one = lambda p: props.get(SH + p, [None])[0]  # noqa: E731
            results.append(Key(_nt(one("focusNode")), _nt(one("resultPath")),
                               _nt(one("resultSeverity")), _nt(one("sourceShape")),
                               _nt(one("value"))))
    if conforms is None:
        raise JenaError(f"{engine}: no sh:ValidationReport in the output")
    return EngineReport(engine, conforms, sorted(results, key=lambda k: tuple(x or "" for x in k)), text)


def parse_report(turtle: str, engine: str) -> EngineReport:
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]
    return report_keys(triples, engine, turtle)


def ctoc_report(report, *, checks: bool = False) -> EngineReport:
    """``ctoc_kg.validate``'s ``ValidationReport`` (its results graph) as an EngineReport.
    The results of ctoc-kg's data checks (not SHACL: ``ctocsh:check-*``) are left out
    unless ``checks``."""
    from ctoc_kg.terms import to_ox
    from ctoc_kg.validate import CHECKS_NS

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in report.graph]
    out = report_keys(triples, "ctoc-kg")
    if not checks:
        out.results = [k for k in out.results if not k.source_shape.startswith("<" + CHECKS_NS)]
    return out


def validation_input(data=None, **kw):
    """(data, shapes) exactly as ``ctoc_kg.validate.validate(data, **kw)`` hands them to
    pyshacl: the validation graph (data after the targeted reasoning, ontology, schema
    triples of data files left out; ``ctoc_kg.validate.validation_graph``) and the
    shapes graph.  Generalised triples (a literal subject) are dropped: Jena reads RDF."""
    from rdflib import Literal

    from ctoc_kg.validate import load_shapes, validation_graph

    shapes = kw.pop("shapes", None)
    graph, _findings = validation_graph(data, **kw)
    return [t for t in graph if not isinstance(t[0], Literal)], load_shapes(shapes)


def main(argv: list[str]) -> int:
    from ctoc_kg.validate import validate

    files = argv or None
    jena = Jena.ensure()
    data, shapes = validation_input(files)
    theirs = jena.validate(data, shapes)
    ours = ctoc_report(validate(files))
    print(f"{jena.version}; Jena: conforms {theirs.conforms}, {dict(theirs.severities)}")
    print(f"ctoc-kg: conforms {ours.conforms}, {dict(ours.severities)}")
    diff = compare(ours, theirs)
    print(diff.explain())
    return 1 if diff else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main(sys.argv[1:]))
