"""Options that several commands share, spelt once."""

from __future__ import annotations

import click

no_ontology = click.option("--no-ontology", is_flag=True,
                           help="With FILES: do not add the shipped ontology.")


def graph_selection(verb: str):
    """``--inferred`` and ``--graph IRI`` for a command that ``verb``s the dataset's parts
    (``export``, ``upload``)."""
    def decorate(f):
        f = click.option("--graph", "graph", metavar="IRI",
                         help=f"{verb.capitalize()} only this named graph, or every graph whose IRI "
                              "starts with IRI when it ends with / or #.")(f)
        return click.option("--inferred", is_flag=True,
                            help=f"Reason first (targeted profile) and {verb} graph/inferred too.")(f)
    return decorate


quiet = click.option("--quiet", "-q", is_flag=True,
                     help="No progress line on stderr (one shows only on a terminal, once the "
                          "command has run for a second).")
