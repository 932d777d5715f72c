"""``ctoc-kg coverage``: which entities each part of the source documents supports."""

from __future__ import annotations

from pathlib import Path

import click

from ctoc_kg import coverage as cov
from ctoc_kg.errors import EXIT_FAIL


@click.command(name="coverage")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(cov.FORMATS), default="markdown",
              show_default=True, help="Output format.")
@click.option("--write", "write", type=click.Path(dir_okay=False), default=None,
              help="Rewrite the coverage block of this Markdown file (e.g. graph/README.md) instead of printing.")
@click.option("--check", is_flag=True,
              help="With --write: do not write; exit 1 if the file's block is out of date.")
@click.pass_context
def command(ctx: click.Context, files: tuple[Path, ...], output_format: str, write: str | None,
            check: bool) -> None:
    """Show, for each part of each source document in FILES (default: the shipped
    graph), the entities it supports (nodes that cite it with ctoc:statedIn). Exit 1 if
    some part supports nothing, or with --check if the file's table is out of date."""
    from ctoc_kg.open import open_dataset

    rows = cov.coverage(open_dataset(list(files) if files else None, reasoning=None))
    empty = cov.uncovered(rows)
    if write:
        table = cov.to_markdown(rows)
        if check:
            if cov.readme_block(write) != table:
                click.echo(f"{write}: the coverage table is out of date; run `ctoc-kg coverage --write {write}`", err=True)
                ctx.exit(EXIT_FAIL)
        elif cov.update_readme(write, table):
            click.echo(f"updated {write}", err=True)
    elif output_format == "json":
        click.echo(cov.to_json(rows))
    else:
        click.echo(cov.to_markdown(rows), nl=False)
    for r in empty:
        click.echo(f"ctoc-kg: {r.part}: supports no entity", err=True)
    if empty:
        ctx.exit(EXIT_FAIL)
