"""The dataset description in VoID and DCAT (``dataset.ttl``, ``.jsonld``, ``.nt``, and
``dataset.html``), with the downloads it lists (``download/ctoc.<format>``).

Everything comes from the data, never from the clock: the version is the ontology's
``owl:versionInfo``; the issue date is the ontology's ``dcterms:issued`` (or
``dcterms:modified``) when it has one, else the latest ``ctoc:documentDate`` of
the source documents (the works with parts) the graph encodes.
"""

from __future__ import annotations

import pyoxigraph as ox

from ctoc_kg.namespaces import BASE as SITE
from ctoc_kg.namespaces import DATASET_IRI as DATASET
from ctoc_kg.namespaces import DCAT, GRAPH_NS, ID_NS, ONTOLOGY_IRI, ONTOLOGY_NS, SCHEMA, SH, VOID
from ctoc_kg.namespaces import DCTERMS as DCT
from ctoc_kg.site.i18n import UI
from ctoc_kg.site.alternates import ALTERNATES, alternates, embedded_jsonld, page_file
from ctoc_kg.site.model import LANGS, OWL, is_provenance_graph, relative

C = ONTOLOGY_NS
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = {"en": "CTOC knowledge graph", "fr": "Graphe de connaissances de la CTO"}
DOWNLOADS = (  # (file, format, inferred)
    ("ctoc.ttl", "ttl", False), ("ctoc.nt", "nt", False), ("ctoc.nq", "nq", False),
    ("ctoc.trig", "trig", False), ("ctoc.jsonld", "jsonld", False), ("ctoc.rdf", "xml", False),
    ("ctoc-inferred.nq", "nq", True), ("ctoc-inferred.trig", "trig", True),
    ("ctoc-inferred.jsonld", "jsonld", True),
)


def issued(m) -> str | None:
    for p in (DCT + "issued", DCT + "modified"):
        v = m.value(ONTOLOGY_IRI, p)
        if v is not None:
            return v.value[:10]
    dates = sorted(o.value for i in m.data_iris for o in m.values(i, C + "documentDate")
                   if m.subjects(C + "partOf", i))
    return dates[-1] if dates else None


def sources(m, graph: str) -> list[str]:
    """The source documents a named graph encodes: documents with parts stated in it
    (for a provenance graph, those of the document graph it describes)."""
    if is_provenance_graph(graph):
        graph = graph[:-len(".provenance")]
    docs = set()
    for part in m.data_iris:
        for f in m.by_subject.get(part, ()):
            if f.predicate == C + "partOf" and f.graph == graph and isinstance(f.object, ox.NamedNode):
                docs.add(f.object.value)
    return sorted(docs)


def description(m, parts, download_sizes: dict[str, int]):
    """The VoID/DCAT description as an rdflib Graph."""
    from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

    from ctoc_kg import query as Q

    void, dcat, dct, sh, schema = (Namespace(VOID), Namespace(DCAT), Namespace(DCT),
                                   Namespace(SH), Namespace(SCHEMA))
    g = Graph(bind_namespaces="none")
    for p, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCT), ("sh", SH), ("schema", SCHEMA)):
        g.bind(p, ns)
    ds = URIRef(DATASET)
    g.add((ds, RDF.type, void.Dataset))
    g.add((ds, RDF.type, dcat.Dataset))
    for lang in LANGS:
        g.add((ds, dct.title, Literal(TITLE[lang], lang=lang)))
        g.add((ds, dct.description, Literal(UI[lang]["tagline"], lang=lang)))
    g.add((ds, dct.license, URIRef(LICENCE)))
    version = m.value(ONTOLOGY_IRI, OWL + "versionInfo")
    if version is not None:
        g.add((ds, dcat.version, Literal(version.value)))
    day = issued(m)
    if day:
        g.add((ds, dct.issued, Literal(day, datatype=XSD.date)))
    g.add((ds, void.uriSpace, Literal(ID_NS)))
    g.add((ds, void.vocabulary, URIRef(ONTOLOGY_NS)))
    g.add((ds, dct.conformsTo, URIRef(ONTOLOGY_IRI)))
    g.add((ds, void.rootResource, URIRef(ID_NS + "cop")))
    g.add((ds, void.exampleResource, URIRef("https://w3id.org/ctoc-kg/id/body/working-group-firearms")))
    total = len({t for p in parts if p.graph != GRAPH_NS + "inferred" for t in p.triples})
    g.add((ds, void.triples, Literal(total)))
    for p in parts:
        sub = URIRef(p.graph)
        g.add((ds, void.subset, sub))
        g.add((sub, RDF.type, void.Dataset))
        g.add((sub, void.triples, Literal(len(p))))
        name = p.graph[len(GRAPH_NS):]
        g.add((sub, dct.title, Literal(f"named graph {name}", lang="en")))
        g.add((sub, dct.title, Literal(f"graphe nommé {name}", lang="fr")))
        for doc in sources(m, p.graph):
            g.add((sub, dct.source, URIRef(doc)))
        if p.graph == GRAPH_NS + "inferred":
            g.add((sub, RDFS.comment, Literal("Triples derived by ctoc-kg's targeted reasoning.", lang="en")))
        if is_provenance_graph(p.graph):
            described = p.graph[:-len(".provenance")]
            g.add((sub, dct.relation, URIRef(described)))
            g.add((sub, RDFS.comment, Literal(
                f"Which part of the source document states each triple of the named graph "
                f"{described[len(GRAPH_NS):]}: one rdf:Statement per triple, with ctoc:statedIn.", lang="en")))
            g.add((sub, RDFS.comment, Literal(
                f"Quelle partie du document source énonce chaque triplet du graphe nommé "
                f"{described[len(GRAPH_NS):]} : un rdf:Statement par triplet, avec ctoc:statedIn.", lang="fr")))
        if p.graph == GRAPH_NS + "ontology":
            g.add((sub, dct.source, URIRef(ONTOLOGY_IRI)))
    for file, fmt, inferred in DOWNLOADS:
        from ctoc_kg.export import FORMATS

        dist = URIRef(SITE + "download/" + file)
        g.add((ds, dcat.distribution, dist))
        g.add((dist, RDF.type, dcat.Distribution))
        g.add((dist, dcat.downloadURL, dist))
        g.add((dist, dcat.mediaType, URIRef("https://www.iana.org/assignments/media-types/"
                                            + FORMATS[fmt])))
        g.add((dist, dcat.byteSize, Literal(download_sizes[file])))
        g.add((dist, dct.license, URIRef(LICENCE)))
        g.add((dist, dct.title, Literal(file + (" (with the inferred graph)" if inferred else ""),
                                        lang="en")))
        if fmt == "nt" or fmt == "ttl" or fmt == "nq" or fmt == "trig":
            g.add((ds, void.dataDump, dist))
    for info in Q.shipped_queries():
        q = URIRef(SITE + "queries/" + info.name + ".rq")
        g.add((q, RDF.type, sh.SPARQLExecutable))
        g.add((q, RDF.type, sh.SPARQLSelectExecutable))
        g.add((q, RDFS.label, Literal(info.title, lang="en")))
        for lang, text in info.question.items():
            g.add((q, RDFS.comment, Literal(text, lang=lang)))
        g.add((q, sh.select, Literal(info.path.read_text(encoding="utf-8"))))
        g.add((q, schema.target, ds))
    return g


def render_dataset(r, ds, parts, context) -> None:
    from ctoc_kg import export
    from ctoc_kg.terms import to_ox

    m = r.m
    sizes = {}
    for file, fmt, inferred in DOWNLOADS:
        data = export.serialize([p for p in parts if inferred or p.graph != GRAPH_NS + "inferred"], fmt)
        r.files["download/" + file] = data
        sizes[file] = len(data)
    g = description(m, parts, sizes)
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g]
    alt = alternates({SITE + "graph/dataset": triples}, context)
    for ext, data in alt.items():
        r.files[f"dataset.{ext}"] = data
    from ctoc_kg import query as Q

    for lang in LANGS:
        page = page_file("dataset", lang)
        graphs = []
        for p in parts:
            graphs.append({"iri": p.graph, "triples": len(p),
                           "describes": p.graph[:-len(".provenance")] if is_provenance_graph(p.graph) else "",
                           "sources": [r.link(ox.NamedNode(d), lang, page) for d in sources(m, p.graph)]})
        version = m.value(ONTOLOGY_IRI, OWL + "versionInfo")
        ctx = r.common("dataset", lang, UI[lang]["dataset"])
        ctx.update(
            iri=DATASET, title=TITLE[lang], licence=LICENCE,
            version=version.value if version is not None else "", issued=issued(m) or "",
            graphs=graphs,
            downloads=[{"file": f, "href": relative("download/" + f, page), "format": fmt,
                        "inferred": inf, "bytes": sizes[f]} for f, fmt, inf in DOWNLOADS],
            queries=[{"name": i.name, "title": i.title,
                      "question": i.question.get(lang) or i.question.get("en", ""),
                      "href": relative(f"queries/{i.name}.rq", page)} for i in Q.shipped_queries()],
            context=relative("context.jsonld", page),
            alternates=[{"ext": ext, "name": name, "media": media,
                         "href": relative(f"dataset.{ext}", page)} for ext, name, media in ALTERNATES],
            jsonld=embedded_jsonld(alt["jsonld"]))
        r.render("dataset.html", "dataset", ctx)
