"""``ctoc-kg extract``: a Secretariat note (text, Markdown, .docx, .pdf; French or
English) -> a named graph in Turtle, and a review report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ctoc_kg import LANGUAGES


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the Turtle here (e.g. graph/<name>.ttl), and beside it <name>.provenance.ttl "
                   "(which part states each triple); default: the document graph on standard output.")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the note (default: detected; a third language is refused).")
@click.option("--report", "report", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the review report here: .md (Markdown) or .json.")
@click.pass_context
def command(ctx: click.Context, file: Path, output: Path | None, lang: str | None, report: Path | None) -> None:
    """Extract the facts of the note FILE into Turtle in the project's vocabulary,
    linked to the entities of graph/ (shared.ttl), each with ctoc:statedIn the part
    that states it.

    The review report lists, per part, every statement with the words it came from
    and every sentence or clause from which nothing was extracted. Exit 2, with
    nothing written, for an empty or unreadable file, an unreadable PDF, a language
    other than French or English, or a document of another genre.
    """
    from ctoc_kg.errors import CtocError
    from ctoc_kg.files import write_atomic
    from ctoc_kg.extract import extract

    if report is not None and report.suffix.lower() not in (".md", ".json", ".markdown"):
        raise click.BadParameter("the review report must end in .md or .json", param_hint="--report")
    result = extract(file, lang=lang)
    turtle = result.turtle
    review = None
    if report is not None:
        review = (json.dumps(result.review_json(), indent=2, ensure_ascii=False) + "\n"
                  if report.suffix.lower() == ".json" else result.review_markdown())
    files: list[tuple[Path, bytes]] = []
    if output is not None:
        files += [(output, turtle), (output.with_name(output.stem + ".provenance.ttl"), result.provenance_turtle)]
    if report is not None:
        files.append((report, review.encode("utf-8")))
    written: list[Path] = []
    try:  # all or nothing: a failed write removes the files this run wrote
        for path, data in files:
            existed = path.exists()
            write_atomic(path, data)
            if not existed:
                written.append(path)
    except (OSError, CtocError) as e:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(e, CtocError):
            raise
        raise CtocError(f"{e.filename or output}: cannot write: {e.strerror or e}") from e
    if output is None:
        click.echo(turtle.decode("utf-8"), nl=False)
    missing = len(result.not_understood())
    click.echo(f"ctoc-kg extract: {result.doc.rsplit('/', 1)[-1]} ({result.lang}): "
               f"{sum(1 for f in result.facts if f.kind != 'mention')} statements, "
               f"{len(result.units) - missing}/{len(result.units)} sentences understood, "
               f"{missing} not understood, {len(result.new)} new entities"
               + (f"; review: {report}" if report else ""), err=True)
