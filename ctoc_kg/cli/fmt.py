"""``ctoc-kg fmt``: write Turtle files in the one canonical form."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ctoc_kg.errors import EXIT_FAIL


def _shown(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:  # another drive (Windows)
        return str(p)


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True,
              help="Change nothing; exit 1 and name the files that would change.")
@click.pass_context
def command(ctx: click.Context, paths: tuple[Path, ...], check: bool) -> None:
    """Format PATHS (files or folders of .ttl; default: every .ttl under
    ontology/ graph/ shapes/ tests/fixtures of the ctoc-kg checkout around the
    current folder)."""
    from ctoc_kg import turtle

    selected = list(paths) if paths else None
    if check:
        changed = turtle.check(selected)
        for p in changed:
            click.echo(f"would reformat {_shown(p)}")
        if changed:
            click.echo(f"{len(changed)} file(s) not in canonical form; run `ctoc-kg fmt`", err=True)
            ctx.exit(EXIT_FAIL)
        click.echo("all files in canonical form")
        return
    changed = turtle.rewrite(selected)
    for p in changed:
        click.echo(f"reformatted {_shown(p)}")
    click.echo(f"{len(changed)} file(s) reformatted")
