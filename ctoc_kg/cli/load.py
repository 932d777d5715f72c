"""``ctoc-kg load``: upload the dataset into a SPARQL 1.1 store and check what arrived."""

from __future__ import annotations

from pathlib import Path

import click

from ctoc_kg.cli.options import graph_selection, no_ontology
from ctoc_kg.errors import EXIT_FAIL, CtocError, InputError
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
    import os
    import tempfile

    from ctoc_kg import store as api
    from ctoc_kg.cli.progress import Progress, open_in_stages
    from ctoc_kg.export import selected_graphs
    from ctoc_kg.namespaces import GRAPH_NS

    endpoints = api.Endpoints.for_url(endpoint, update=update, graph_store=graph_store)
    with Progress("load", enabled=False if quiet else None) as progress, \
            tempfile.TemporaryDirectory(prefix="ctoc-kg-load-") as folder, \
            api.Store(endpoints, timeout=timeout, retries=retries) as st:
        # a large N-Triples file alone in a graph the server does not hold yet is sent as
        # it is (see ctoc_kg.store.uploads.EarlyUpload): read by the server only, or also
        # here when --inferred reasons over it
        early: list = []
        order = {str(f): i for i, f in reversed(list(enumerate(files)))}
        if files:
            from ctoc_kg.export import graph_selected
            from ctoc_kg.namespaces import file_graph_name

            taken = {GRAPH_NS + "inferred"} | ({GRAPH_NS + "ontology"} if not no_ontology else set())
            for iri, path in api.uploads.early_candidates(
                    files, lambda p: GRAPH_NS + file_graph_name(p), taken=taken,
                    selected=lambda g: graph_selected(g, graph)):
                upload = api.EarlyUpload(st, iri, path, read_here=inferred)
                if upload.start():
                    early.append(upload)
        checked = [u for u in early if not u.read_here]  # files the server alone reads
        try:
            if checked:
                from ctoc_kg.dataset import load as load_files

                progress.stage("loading")
                skip = {u.path for u in checked}
                ds = load_files([f for f in files if str(f) not in skip],
                                include_ontology=not no_ontology, bare=True)
            else:
                ds = open_in_stages(progress, files, include_ontology=not no_ontology,
                                    inferred=inferred)
        except CtocError as e:
            raise _first_error(e, early, order) from None
        except BaseException:
            for upload in early:
                upload.abandon()
            raise
        try:
            graphs = selected_graphs(ds, inferred=inferred, graph=graph)
        except CtocError:  # no graph read here matches: one the server reads may
            if not checked:
                raise
            graphs = []
        graphs = sorted(set(graphs) | {u.graph for u in checked})
        progress.stage("writing N-Triples")
        graph_files = api.dump(ds, [g for g in graphs if g not in {u.graph for u in early}],
                               folder)
        advance = progress.bytes("uploading", sum(f.size for f in graph_files))
        loads: dict = {}
        # the other graphs are sent once the early uploads are in: a load refused, or
        # stopped while a large file is being sent, leaves no graph the server did not hold
        try:
            for upload in early:
                if not upload.wait() and not upload.read_here:
                    # not taken after all (no graph store there): read here, sent below
                    from ctoc_kg.dataset import load_file

                    load_file(ds, upload.path, upload.graph)
                    late = os.path.join(folder, f"late-{len(graph_files)}")
                    os.mkdir(late)
                    graph_files += api.dump(ds, [upload.graph], late)
            for upload in checked:
                if upload.protocol:
                    loads[upload.graph] = upload.verify(replace)
        except CtocError as e:
            raise _first_error(e, early, order) from None
        loads.update((r.graph, r) for r in api.upload_files(st, graph_files, replace=replace,
                                                             progress=advance))
        for upload in early:
            if upload.read_here and upload.protocol:
                loads[upload.graph] = api.GraphLoad(
                    upload.graph, api.uploads.local_count(ds, upload.graph),
                    st.count(upload.graph), "bulk", replace)
        results = [loads[g] for g in graphs if g in loads]
    text = format_loads(results, output_format)
    if text:
        click.echo(text)
    bad = [r for r in results if not r.ok]
    if bad:
        for r in bad:
            click.echo(f"ctoc-kg: graph <{r.graph}> has {r.remote} triples on the server but "
                       f"{r.local} locally", err=True)
        ctx.exit(EXIT_FAIL)


def _first_error(error: CtocError, early: list, order: dict[str, int]) -> CtocError:
    """The load failed with ``error``: drop what the early uploads loaded, and return the
    error to report — of the first file in the command's order when several files are
    refused (a local read stops at its first bad file, as a load with no server would)."""
    errors = [error] + [e for e in (u.abandon() for u in early) if e is not None]
    refused = [e for e in errors if isinstance(e, InputError) and e.path in order]
    if refused:
        return min(refused, key=lambda e: order[e.path])
    return error
