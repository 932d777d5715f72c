"""``ctoc-kg validate``: SHACL validation of the shipped graph or of the user's files."""

from __future__ import annotations

from pathlib import Path

import click

from ctoc_kg.cli.options import quiet
from ctoc_kg.validate import ENGINES, FAIL_ON, INFERENCE
from ctoc_kg.validation_formats import FORMATS


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--shapes", "shapes", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="SHACL shapes file to use instead of the shipped shapes/*.ttl (repeatable).")
@click.option("--ontology", "ontology", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Ontology file to use instead of the shipped ontology (repeatable).")
@click.option("--inference", type=click.Choice(INFERENCE), default="none",
              show_default=True,
              help="pyshacl inference over data + ontology (the ontology's rdfs:domain/range "
                   "are left out, so they never type the data under test).")
@click.option("--no-reasoning", is_flag=True,
              help="Skip the targeted reasoning (hierarchy and derivation rules) applied before "
                   "validation; rules such as the adoption session then see only asserted data.")
@click.option("--with-graph", is_flag=True,
              help="Validate FILES together with the shipped graph/ (shared entities and the documents "
                   "already there), as they will be once added to it; a FILE named like a shipped "
                   "file replaces it. This is how to check a file written by `ctoc-kg extract`.")
@click.option("--engine", type=click.Choice(ENGINES), default="fast", show_default=True,
              help="SHACL engine: fast (pyshacl-turbo, Rust) or pyshacl (the reference; also "
                   "used by fast for data it cannot read the same way). Same results.")
@click.option("--format", "output_format", type=click.Choice(FORMATS),
              default="text", show_default=True, help="Output format of the report.")
@click.option("--fail-on", type=click.Choice(FAIL_ON),
              default="violation", show_default=True,
              help="Exit 1 when a result of this severity or worse is found (none: always exit 0).")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file instead of standard output.")
@quiet
@click.pass_context
def command(ctx: click.Context, files: tuple[Path, ...], shapes: tuple[Path, ...],
            ontology: tuple[Path, ...], inference: str, no_reasoning: bool, output_format: str,
            fail_on: str, output: Path | None, with_graph: bool, quiet: bool, engine: str) -> None:
    """Validate FILES (default: the shipped graph) against the SHACL shapes.

    With FILES, each file is loaded with the shipped ontology (or --ontology) and
    validated alone, without the shipped graph. Exit codes: 0 conforms at the
    --fail-on level, 1 it does not, 2 the validation could not run (a bad data,
    ontology or shapes file is reported as FILE:LINE:COL: cause).
    """
    from ctoc_kg.errors import EXIT_FAIL
    from ctoc_kg.files import write_atomic
    from ctoc_kg.validate import validate
    from ctoc_kg.validation_formats import to_format

    selected = list(files) if files else None
    if with_graph and files:
        from ctoc_kg import resources

        given = {f.resolve() for f in files}
        stems = {f.stem for f in files} | {f.stem + ".provenance" for f in files}
        selected = [p for p in resources.graph_files() if p.resolve() not in given and p.stem not in stems] + list(files)
    from ctoc_kg.cli.progress import Progress

    with Progress("validate", enabled=False if quiet else None) as progress:
        progress.stage("loading, reasoning and validating")
        report = validate(
            selected,
            shapes=list(shapes) if shapes else None,
            ontology=list(ontology) if ontology else None,
            inference=inference,
            reasoning=not no_reasoning,
            engine=engine,
        )
    text = to_format(report, output_format, fail_on=fail_on)
    if output is not None:
        write_atomic(output, text)
        click.echo(report.summary(), err=True)
    else:
        click.echo(text, nl=False)
    if report.fails(fail_on):
        ctx.exit(EXIT_FAIL)
