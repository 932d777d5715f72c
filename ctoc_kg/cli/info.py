"""``ctoc-kg info``: summary numbers of the shipped or given data."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("info")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=True))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("--reasoning", type=click.Choice(["targeted", "rdfs", "owlrl", "none"]),
              default="targeted", show_default=True,
              help="Entailments to add before counting (rdfs/owlrl are slow).")
@click.option("--no-ontology", is_flag=True, help="With FILES: do not add the shipped ontology.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many classes to list by instance count.")
def command(files: tuple[Path, ...], output_format: str, reasoning: str,
            no_ontology: bool, top: int) -> None:
    """Summarise FILES (default: the shipped ontology and graph)."""
    from ctoc_kg.info import info
    from ctoc_kg.open import open_dataset
    from ctoc_kg.reason import reason

    ds = open_dataset(list(files) if files else None, include_ontology=not no_ontology,
                      reasoning=None)
    # reasoned here, not by open_dataset: info reports what the reasoning did
    result = None if reasoning == "none" else reason(ds, reasoning)
    summary = info(ds, top=top)
    summary["reasoning"] = None if result is None else {
        "profile": result.profile,
        "inferred": result.inferred,
        "rules": result.by_rule,
        "seconds": round(result.seconds, 3),
    }
    if output_format == "json":
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
    else:
        click.echo(_text(summary))


def _text(s: dict) -> str:
    lines = []
    o = s["ontology"]
    if o is None:
        lines.append("ontology: none loaded")
    else:
        version = o["version_info"] or "(no owl:versionInfo)"
        lines.append(f"ontology: {o['iri']} version {version}")
        if o["version_iri"]:
            lines.append(f"  version IRI: {o['version_iri']}")
    lines.append(f"triples: {s['triples']} in {len(s['graphs'])} named graphs "
                 f"({s['distinct_triples']} distinct)")
    width = max((len(str(n)) for n in s["graphs"].values()), default=1)
    for g, n in s["graphs"].items():
        lines.append(f"  {n:>{width}}  {g}")
    lines.append(f"classes: {s['classes']}")
    if s["instances"]:
        lines.append(f"instances per class (top {len(s['instances'])}):")
        width = max(len(str(n)) for _, n in s["instances"])
        for c, n in s["instances"]:
            lines.append(f"  {n:>{width}}  {c}")
    r = s["reasoning"]
    if r is None:
        lines.append("reasoning: none")
    else:
        lines.append(f"reasoning: {r['profile']}, {r['inferred']} triples inferred in {r['seconds']} s")
    return "\n".join(lines)
