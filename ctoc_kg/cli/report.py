"""``ctoc-kg report``: load, reason, validate, and print the answers to the key questions."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ctoc_kg import LANGUAGES
from ctoc_kg.report import FORMATS


@click.command("report")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format: aligned tables, or one JSON object.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the titles, names and labels.")
@click.option("--no-validation", is_flag=True, help="Skip the SHACL validation (faster).")
@click.pass_context
def command(ctx: click.Context, files: tuple[Path, ...], output_format: str, lang: str,
            no_validation: bool) -> None:
    """Load FILES (default: the shipped graph) with the shipped ontology, reason,
    validate, and print the subsidiary bodies and their mandates, the reports before
    the tenth session and the meeting timeline, with a summary line of the validation.

    Exit 1 when the validation finds a Violation, 2 when the report could not be built.
    """
    from ctoc_kg.errors import EXIT_FAIL
    from ctoc_kg.report import build_report, render_text, to_dict

    report = build_report(ds=list(files) if files else None, lang=lang, validation=not no_validation)
    if output_format == "json":
        click.echo(json.dumps(to_dict(report), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report))
    if not report.conforms:
        ctx.exit(EXIT_FAIL)
