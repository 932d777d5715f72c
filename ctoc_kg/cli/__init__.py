"""The ``ctoc-kg`` command: a thin layer over the Python API.

Subcommands live in one module each (``ctoc_kg/cli/<name>.py``) and are imported
only when run, so ``ctoc-kg --help`` starts without importing rdflib.

A command module defines a ``click.Command`` named ``command``.  Its choice lists are
the API's constants (``tests/test_cli.py`` checks that no list is copied); it signals
failure by raising ``ctoc_kg.errors.CtocError`` (exit 2) or by ``ctx.exit(EXIT_FAIL)``.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from ctoc_kg import __version__
from ctoc_kg.errors import EXIT_ERROR, CtocError
from ctoc_kg.safety import printable

# name -> (module, one-line help shown by `ctoc-kg --help` without importing it)
COMMANDS: dict[str, tuple[str, str]] = {
    "info": ("ctoc_kg.cli.info", "Summarise a dataset: triples, graphs, classes, ontology version."),
    "fmt": ("ctoc_kg.cli.fmt", "Rewrite Turtle files in the canonical form (--check: only report)."),
    "validate": ("ctoc_kg.cli.validate", "Validate the data against the SHACL shapes (exit 1 on failure)."),
    "query": ("ctoc_kg.cli.query", "Run a SPARQL query or a competency question."),
    "report": ("ctoc_kg.cli.report", "Build the full report: load, reason, validate, answer queries."),
    "export": ("ctoc_kg.cli.export", "Export the dataset in an RDF format."),
    "load": ("ctoc_kg.cli.load", "Load the dataset into a SPARQL store."),
    "coverage": ("ctoc_kg.cli.coverage", "Show which entities each part of a source document supports."),
    "generate": ("ctoc_kg.cli.generate", "Write a synthetic corpus (invented facts) for benchmarks and tests."),
    "site": ("ctoc_kg.cli.site", "Build the static linked-data site (--serve: serve it locally)."),
    "extract": ("ctoc_kg.cli.extract", "Extract a Secretariat note (txt, md, docx, pdf; fr/en) into a reviewed named graph."),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(COMMANDS[name][0])
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(n, COMMANDS[n][1]) for n in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except CtocError as e:
            debug = bool(ctx.obj and ctx.obj.get("debug"))  # set by main(), inside super().invoke
            if debug:
                import traceback

                traceback.print_exc()
            _error(f"error: {e}")
            ctx.exit(e.exit_code)
        except BrokenPipeError:  # `ctoc-kg export | head`: the reader left; not our error
            _quiet_stdout()
            ctx.exit(EXIT_ERROR)
        except MemoryError:
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

                traceback.print_exc()
            _error("error: out of memory (input too large for this machine?)")
            ctx.exit(EXIT_ERROR)
        except Exception as e:  # noqa: BLE001 - the one place that turns bugs into exit 2
            if ctx.obj and ctx.obj.get("debug"):
                import traceback

                traceback.print_exc()
                hint = ""
            else:
                hint = " (run with --debug for the traceback)"
            _error(f"internal error: {type(e).__name__}: {e}{hint}")
            ctx.exit(EXIT_ERROR)


# escapes control characters in everything printed from data (see ctoc_kg.safety.printable)
one_line = printable


def _error(message: str) -> None:
    click.echo(f"ctoc-kg: {one_line(message)}", err=True)


def _quiet_stdout() -> None:
    # After a broken pipe, Python would complain again when flushing stdout at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _set_max_file_size(ctx: click.Context, param: click.Parameter, value: str | None):
    from ctoc_kg import safety

    if value is None:  # reset: an in-process caller (tests) may have set it before
        safety.set_max_file_size(None)
        return None

    try:
        limit = safety.parse_size(value)
    except CtocError as e:
        raise click.BadParameter(str(e)) from None
    safety.set_max_file_size(limit)
    return limit


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ctoc-kg", message="%(prog)s %(version)s")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.option("--max-file-size", metavar="SIZE", callback=_set_max_file_size, expose_value=False,
              help="Refuse input files larger than SIZE (bytes, or with K/M/G/T; 0 = no limit). "
                   "Default 512M, or $CTOC_KG_MAX_FILE_SIZE.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """ctoc-kg: the knowledge graph of the Conference of the Parties to the UN
    Convention against Transnational Organized Crime.

    Exit codes: 0 fine, 1 the data fails (a check, a validation, fmt --check),
    2 the command could not run.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    _library_output(debug)


def _library_output(debug: bool) -> None:
    """Without --debug, libraries print nothing: rdflib logs a Python traceback for every
    ill-typed literal it meets ("Failed to convert Literal lexical form to value") and
    warns about odd booleans; ctoc-kg reports such values itself (validation results).
    With --debug, their log records and warnings are shown on stderr."""
    import logging
    import warnings

    if debug:
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(levelname)s: %(message)s")
        warnings.simplefilter("default")
        return
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())  # no "last resort" printing to stderr
    for name in ("rdflib", "pyshacl", "owlrl"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")


__all__ = ["main", "COMMANDS", "LazyGroup"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
