"""``ctoc-kg generate``: write a synthetic corpus (invented facts) for benchmarks and tests."""

from __future__ import annotations

from pathlib import Path

import click

from ctoc_kg.generate import SUMMARY_FORMATS


def _kinds_help() -> str:
    from ctoc_kg.generate import ERROR_KINDS

    lines = [f"  {k.name:28} {k.severity} from {k.source_shape}: {k.what}"
             for k in ERROR_KINDS.values()]
    return "\b\nError kinds for --errors (each error gives one validation result):\n" + "\n".join(lines)


@click.command("generate", epilog=_kinds_help())
@click.option("--triples", "-n", type=click.IntRange(min=1), required=True, metavar="N",
              help="About how many triples to write (at least 2000).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed and options give the same bytes.")
@click.option("--out", "-o", "out", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Output file; the format comes from its extension "
                   "(.nt .nq .ttl .trig .jsonld .rdf .xml). Written atomically.")
@click.option("--errors", metavar="KIND=N,...",
              help="Seed N errors of each KIND (all=N for every kind); see the list below.")
@click.option("--format", "output_format", type=click.Choice(SUMMARY_FORMATS), default="text",
              show_default=True, help="Format of the summary printed on stdout.")
def command(triples: int, seed: int, out: Path, errors: str | None, output_format: str) -> None:
    """Write a synthetic corpus shaped like the real graph: sessions every two years,
    subsidiary bodies with their lifecycles, yearly meetings, reports with well-formed
    symbols, instruments numbered session/n, English and French labels, provenance.

    EVERY FACT IN IT IS INVENTED; the file says so in its header and in its dataset
    description. Without --errors it validates clean against the shipped shapes;
    with --errors, `ctoc-kg validate` reports exactly the seeded count of each kind.
    """
    import json

    from ctoc_kg.generate import ERROR_KINDS, generate, parse_errors

    corpus = generate(out, triples, seed=seed, errors=parse_errors(errors))
    if output_format == "json":
        click.echo(json.dumps({
            "path": str(corpus.path), "triples": corpus.triples, "requested": corpus.requested,
            "seed": corpus.seed, "bodies": corpus.bodies, "meetings": corpus.meetings,
            "reports": corpus.reports, "instruments": corpus.instruments,
            "sessions": corpus.sessions, "errors": corpus.errors,
            "expected": [{"source_shape": shape, "severity": sev, "count": n}
                         for (shape, sev), n in sorted(corpus.expected_results().items())],
            "sample": corpus.sample}, indent=2))
        return
    click.echo(f"{corpus.path}: {corpus.triples} triples (invented facts): {corpus.sessions} sessions, "
               f"{corpus.bodies} bodies, {corpus.meetings} meetings and reports, "
               f"{corpus.instruments} instruments")
    for name, n in sorted(corpus.errors.items()):
        k = ERROR_KINDS[name]
        click.echo(f"seeded {n} {name}: expect {n} {k.severity} from {k.source_shape}")
