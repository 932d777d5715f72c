"""``ctoc-kg export``: write the dataset in a standard RDF format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ctoc_kg.cli.options import graph_selection, no_ontology, quiet
from ctoc_kg.export import FORMATS


@click.command("export")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="ttl", show_default=True,
              help="Output format. nq, trig and jsonld keep one named graph per part "
                   "(ontology, each source document, inferred); ttl, nt and xml hold "
                   "their union (RDF/XML has no named graphs).")
@graph_selection("export")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (atomically: a temporary file, then a rename) "
                   "instead of stdout.")
@no_ontology
@quiet
def command(files: tuple[Path, ...], output_format: str, inferred: bool, graph: str | None,
            output: Path | None, no_ontology: bool, quiet: bool) -> None:
    """Export FILES (default: the shipped ontology and graph) in a standard RDF format.

    The same input gives the same bytes: lines, graphs, subjects and JSON keys are
    sorted and blank nodes get canonical labels.
    """
    from ctoc_kg.cli.progress import Progress, open_in_stages
    from ctoc_kg.export import write
    from ctoc_kg.files import atomic_file

    with Progress("export", enabled=False if quiet else None) as progress:
        ds = open_in_stages(progress, files, include_ontology=not no_ontology,
                            inferred=inferred)
        progress.stage(f"writing {output_format}")
        if output is None:
            write(ds, output_format, sys.stdout.buffer, inferred=inferred, graph=graph)
            sys.stdout.buffer.flush()
        else:
            with atomic_file(output) as f:
                write(ds, output_format, f, inferred=inferred, graph=graph)
