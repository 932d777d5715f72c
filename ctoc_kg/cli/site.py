"""``ctoc-kg site``: build the static linked-data site, or serve it locally."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click


@click.command("site")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, file_okay=False),
              help="Build the site into this folder (replaced whole if it holds a site built "
                   "before; a folder with other files is refused).")
@click.option("--site-url", metavar="URL",
              help="Where the static site is hosted (ending with /): the .htaccess then "
                   "redirects w3id.org to it. Default: an .htaccess for the site's own "
                   "Apache folder.")
@click.option("--serve", is_flag=True,
              help="Serve the site over HTTP after building it (or, with --no-build, the "
                   "site already in --out), answering Accept like the w3id.org entry.")
@click.option("--bind", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT",
              help="Address for --serve.")
@click.option("--no-build", is_flag=True, help="With --serve: serve --out as it is.")
@click.pass_context
def command(ctx: click.Context, out: Path | None, site_url: str | None, serve: bool, bind: str,
            no_build: bool) -> None:
    """Build the static site: a page per IRI (English and French) with its Turtle,
    JSON-LD and N-Triples, the ontology reference, diagrams, the validation report,
    the answers of the queries, the VoID/DCAT dataset description with downloads,
    the JSON-LD context and the .htaccess for w3id.org.  Same input, same bytes.
    """
    from ctoc_kg.errors import CtocError
    from ctoc_kg.site import SiteServer, build_site

    if site_url is not None and not site_url.endswith("/"):
        raise click.BadParameter("must end with /", param_hint="--site-url")
    if no_build and (not serve or out is None):
        raise click.UsageError("--no-build needs --serve and --out")
    if out is None and not serve:
        raise click.UsageError("give --out DIR (and/or --serve)")
    tmp = None
    if out is None:
        tmp = tempfile.TemporaryDirectory(prefix="ctoc-kg-site-")
        out = Path(tmp.name) / "site"
    try:
        if not no_build:
            summary = build_site(out, site_url=site_url)
            click.echo(f"site: {summary.pages} pages, {summary.resources} resources with "
                       f"their alternates, {summary.files} files in {summary.folder}")
        if serve:
            server = SiteServer(out, bind)
            click.echo(f"serving {out} on {server.url} (Ctrl-C to stop)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                pass
            finally:
                server.close()
    except CtocError:
        raise
    finally:
        if tmp is not None:
            tmp.cleanup()
