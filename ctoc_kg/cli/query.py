"""``ctoc-kg query``: run a competency question or a SPARQL file."""

from __future__ import annotations

from pathlib import Path

import click

from ctoc_kg import LANGUAGES
from ctoc_kg import query as Q


def _split_param(value: str) -> tuple[str, str]:
    if "=" not in value:
        raise click.BadParameter(f"{value!r}: expected NAME=VALUE", param_hint="--param")
    name, _, v = value.partition("=")
    return name.strip(), v


@click.command("query")
@click.argument("query", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind the query's parameter NAME (declared in its header) to VALUE; repeatable.")
@click.option("--format", "output_format", type=click.Choice(Q.FORMATS), default="table",
              show_default=True, help="Output format (csv/tsv/json/xml: SPARQL 1.1 results formats).")
@click.option("--no-reasoning", is_flag=True,
              help="Query the asserted graph only (no inferred triples, no adoption sessions).")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (a query to a remote endpoint); refused by default.")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="Query this RDF file (with the shipped ontology) instead of the shipped graph; repeatable.")
@click.option("--engine", type=click.Choice(Q.ENGINES), default="oxigraph",
              show_default=True, help="SPARQL engine: Oxigraph (fast) or rdflib's own evaluator.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the shipped queries: name, title, question and parameters.")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the questions shown by --list.")
@click.option("--endpoint", metavar="URL",
              help="Run the query on this remote SPARQL endpoint (SPARQL 1.1 Protocol) "
                   "instead of locally; load it first with `ctoc-kg load`. Credentials from "
                   "CTOC_KG_TOKEN or CTOC_KG_USER/CTOC_KG_PASSWORD.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="With --endpoint: seconds to wait for the answer.")
@click.option("--cache", "use_cache", is_flag=True,
              help="Keep the loaded and reasoned data on disk, keyed by the files' content, and "
                   "reuse it when the same files are queried again (no parsing, no reasoning). "
                   "Folder: $CTOC_KG_CACHE_DIR, else $XDG_CACHE_HOME/ctoc-kg or ~/.cache/ctoc-kg; "
                   "the 3 most recently used datasets are kept.")
def command(query: str | None, params: tuple[str, ...], output_format: str, no_reasoning: bool,
            allow_service: bool, data: tuple[Path, ...], engine: str, list_queries: bool,
            lang: str, endpoint: str | None, timeout: float, use_cache: bool) -> None:
    """Run QUERY: the name of a shipped question (see --list) or a .rq file.

    Queries run over the shipped ontology and graph, reasoned (inferred triples
    included) unless --no-reasoning.  Parameters are bound as RDF terms, never
    pasted into the query text.  Exit 2 for a syntax error (with line and
    column), an unknown or invalid parameter, or a refused SERVICE.
    """
    if list_queries:
        click.echo(Q.listing(Q.shipped_queries(), lang))
        return
    if not query:
        raise click.UsageError("give a QUERY (a shipped name or a .rq file), or --list")
    bound = dict(_split_param(p) for p in params)
    prepared = Q.prepare(query, bound, allow_service=allow_service)
    if endpoint:
        from ctoc_kg import store

        with store.Store(store.Endpoints.for_url(endpoint), timeout=timeout) as remote:
            result = store.execute_remote(prepared, remote)
        text = Q.format_result(result, output_format)
        click.echo(text, nl=not text.endswith("\n"))
        return

    from ctoc_kg.cli.progress import Progress
    from ctoc_kg.dataset import load
    from ctoc_kg.reason import reason

    # Oxigraph answers on a bare store (no rdflib Dataset, no store plugin to import)
    bare = engine == "oxigraph"
    with Progress("query") as progress:
        if use_cache:
            from ctoc_kg.cache import open_cached

            progress.stage("loading (cache)")
            cached = open_cached(list(data) if data else None,
                                 reasoning=None if no_reasoning else "targeted", bare=bare)
            if cached.error:
                click.echo(f"ctoc-kg: warning: {cached.error}", err=True)
            ds = cached.dataset
        else:
            progress.stage("loading")
            ds = load(list(data) if data else None, bare=bare)
            if not no_reasoning:
                progress.stage("reasoning")
                # only the entailments this query can see (the same rows as a full reasoning);
                # final: nothing changes the store after this, it is only queried
                reason(ds, needs=prepared.needs(), final=True)
        progress.stage("querying")
        result = Q.execute(prepared, ds, engine)
    text = Q.format_result(result, output_format)
    click.echo(text, nl=not text.endswith("\n"))

