"""``ctoc-kg load``: upload the dataset into a SPARQL 1.1 store and check what arrived."""

from __future__ import annotations

from pathlib import Path

import click

from ctoc_kg.cli.options import graph_selection, no_ontology
from ctoc_kg.errors import EXIT_FAIL
from ctoc_kg.store.uploads import FORMATS, format_loads


@click.command("load")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--endpoint", required=True, metavar="URL",
              help="The SPARQL query endpoint (Oxigraph: http://HOST:7878/query or just "
                   "http://HOST:7878). Update and graph-store URLs default to …/update and "
                   "…/store beside it.")
@click.option("--graph-store", metavar="URL",
              help="The SPARQL 1.1 Graph Store Protocol endpoint (Fuseki: …/DATASET/data).")
@click.option("--update", metavar="URL",
              help="The SPARQL 1.1 Update endpoint, used when the store has no Graph Store "
                   "Protocol.")
@click.option("--replace/--append", default=True, show_default=True,
              help="Replace each named graph (one request per graph: a failed load leaves "
                   "the previous version) or add to it.")
@graph_selection("upload")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for each HTTP request.")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=3, show_default=True,
              help="Retries of a request after a connection error, timeout or 5xx answer "
                   "(never after 4xx), with exponential backoff.")
@no_ontology
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="Output format of the per-graph report.")
@click.option("--quiet", "-q", is_flag=True,
              help="No progress line on stderr (one shows only on a terminal, once the "
                   "command has run for a second).")
@click.pass_context
def command(ctx: click.Context, files: tuple[Path, ...], endpoint: str, graph_store: str | None,
            update: str | None, replace: bool, inferred: bool, graph: str | None,
            timeout: float, retries: int, no_ontology: bool, output_format: str,
            quiet: bool) -> None:
    """Upload FILES (default: the shipped ontology and graph) into a SPARQL store, one
    named graph per part, then check the triple count of every graph on the server.

    Credentials come from the environment only: CTOC_KG_TOKEN (bearer) or
    CTOC_KG_USER and CTOC_KG_PASSWORD (basic). Exit 0 when every count matches, 1 when
    one differs (both numbers are printed), 2 when the load could not run.
    """
    from ctoc_kg import store as api
    from ctoc_kg.cli.progress import Progress

    endpoints = api.Endpoints.for_url(endpoint, update=update, graph_store=graph_store)
    with Progress("load", enabled=False if quiet else None) as progress:
        results = api.load_into(endpoints, files, replace=replace, inferred=inferred,
                                graph=graph, include_ontology=not no_ontology, timeout=timeout,
                                retries=retries, progress=progress)
    text = format_loads(results, output_format)
    if text:
        click.echo(text)
    bad = [r for r in results if not r.ok]
    if bad:
        for r in bad:
            click.echo(f"ctoc-kg: graph <{r.graph}> has {r.remote} triples on the server but "
                       f"{r.local} locally", err=True)
        ctx.exit(EXIT_FAIL)
