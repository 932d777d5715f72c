"""``ctoc-kg info``: summary numbers of the shipped or given data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ctoc_kg.cli.options import no_ontology
from ctoc_kg.info import FORMATS, info, to_text
from ctoc_kg.reason import PROFILES


@click.command("info")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=True))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--reasoning", type=click.Choice([*PROFILES, "none"]),
              default="targeted", show_default=True,
              help="Entailments to add before counting (rdfs/owlrl are slow).")
@no_ontology
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many classes to list by instance count.")
def command(files: tuple[Path, ...], output_format: str, reasoning: str,
            no_ontology: bool, top: int) -> None:
    """Summarise FILES (default: the shipped ontology and graph)."""
    from ctoc_kg.open import open_dataset
    from ctoc_kg.reason import reason

    ds = open_dataset(list(files) if files else None, include_ontology=not no_ontology,
                      reasoning=None)
    # reasoned here, not by open_dataset: info reports what the reasoning did
    result = None if reasoning == "none" else reason(ds, reasoning)
    summary = info(ds, top=top, reasoning=result)
    if output_format == "json":
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
    else:
        click.echo(to_text(summary))

