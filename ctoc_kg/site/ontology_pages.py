"""The ontology reference (``ontology.html``) and one page per term (``ontology/<Term>``):
labels and definitions in both languages, domain and range, alignments, the SHACL shapes
that constrain the term, code lists (SKOS concept schemes where the ontology declares
them, else the classes of their values) and a class diagram."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ctoc_kg.namespaces import DCTERMS, ONTOLOGY_IRI, ONTOLOGY_NS, SHAPES_NS
from ctoc_kg.site import diagrams as dg
from ctoc_kg.site.i18n import UI
from ctoc_kg.site.alternates import ALTERNATES, embedded_jsonld, page_file
from ctoc_kg.site.model import (DEFINITION, LABEL, LANGS, ONTOLOGY_GRAPH, OWL, PREF_LABEL, RDF_TYPE, RDFS, SH,
                                SKOS, curie, relative, site_path)

C = ONTOLOGY_NS


def shape_index() -> dict[str, list[dict]]:
    """Term IRI -> the shapes that constrain it: node shapes targeting a class, property
    shapes on a property (``sh:path``), shapes requiring a class (``sh:class``) or a list
    of values (``sh:in``)."""
    from rdflib import RDF, Literal, Namespace, URIRef

    from ctoc_kg.validate import load_shapes

    g = load_shapes()
    shn = Namespace(SH)
    out: dict[str, list[dict]] = defaultdict(list)

    def describe(shape) -> dict:
        messages = {m.language or "": str(m) for m in g.objects(shape, shn.message)
                    if isinstance(m, Literal)}
        severity = g.value(shape, shn.severity)
        parts = []
        for key in ("minCount", "maxCount", "datatype", "class", "pattern", "minInclusive",
                    "maxInclusive", "lessThanOrEquals", "nodeKind", "hasValue", "languageIn",
                    "uniqueLang"):
            for v in sorted(g.objects(shape, shn[key]), key=str):
                parts.append(f"{key} {curie(str(v)) if isinstance(v, URIRef) else v}")
        if (shape, shn["sparql"], None) in g:
            parts.append("SPARQL")
        anonymous = not isinstance(shape, URIRef)
        name = "(nested shape)" if anonymous else \
            curie(str(shape)).replace(SHAPES_NS, "ctocsh:")
        return {"name": name,
                "iri": ("_:" + ", ".join(parts) + repr(sorted(messages.items()))) if anonymous
                else str(shape),
                "severity": (str(severity).rsplit("#", 1)[-1] if severity else "Violation"),
                "constraints": ", ".join(parts), "messages": messages}

    for shape in sorted(set(g.subjects(shn.targetClass, None)), key=str):
        for cls in g.objects(shape, shn.targetClass):
            out[str(cls)].append(describe(shape))
    for shape in sorted(set(g.subjects(shn.path, None)), key=str):
        path = g.value(shape, shn.path)
        if isinstance(path, URIRef):
            out[str(path)].append(describe(shape))
        for cls in g.objects(shape, shn["class"]):
            out[str(cls)].append(describe(shape))
        for lst in g.objects(shape, shn["in"]):
            for v in g.items(lst):
                if isinstance(v, URIRef):
                    out[str(v)].append(describe(shape))
    for shape in sorted(set(g.subjects(RDF.type, shn.NodeShape)), key=str):
        for target in g.objects(shape, shn.targetNode):
            out[str(target)].append(describe(shape))
    return {k: sorted({d["iri"]: d for d in v}.values(), key=lambda d: (d["name"], d["iri"]))
            for k, v in out.items()}


def kinds(m) -> dict[str, list[str]]:
    """The ontology's own terms by kind: classes, object and datatype properties,
    code-list values and concept schemes."""
    out: dict[str, list[str]] = {"classes": [], "object_properties": [], "datatype_properties": [],
                                 "values": [], "schemes": [], "other": []}
    for iri in m.ontology_terms:
        types = set(m.types(iri))
        if OWL + "Class" in types or RDFS + "Class" in types:
            out["classes"].append(iri)
        elif OWL + "ObjectProperty" in types:
            out["object_properties"].append(iri)
        elif OWL + "DatatypeProperty" in types or OWL + "AnnotationProperty" in types:
            out["datatype_properties"].append(iri)
        elif SKOS + "ConceptScheme" in types:
            out["schemes"].append(iri)
        elif OWL + "NamedIndividual" in types or SKOS + "Concept" in types:
            out["values"].append(iri)
        else:
            out["other"].append(iri)
    return out


def code_lists(m) -> list[tuple[str, list[str]]]:
    """(list IRI, value IRIs): a concept scheme and the values ``skos:inScheme`` it; for
    values in no scheme, the code-list class they are an instance of."""
    k = kinds(m)
    groups: dict[str, set] = defaultdict(set)
    for v in k["values"]:
        schemes = [o.value for o in m.values(v, SKOS + "inScheme") if isinstance(o, ox.NamedNode)]
        if schemes:
            for s in schemes:
                groups[s].add(v)
            continue
        classes = [t for t in m.asserted_types(v) if t.startswith(ONTOLOGY_NS)]
        for c in classes or ["(none)"]:
            groups[c].add(v)
    for s in k["schemes"]:
        groups.setdefault(s, set())
    return [(g, sorted(vs)) for g, vs in sorted(groups.items())]


def term_info(r, iri: str, shapes: dict, lang: str, page: str) -> dict:
    m = r.m

    def links(pred: str, *, inverse: bool = False) -> list[dict]:
        if inverse:
            iris = m.subjects(pred, iri)
        else:
            iris = sorted({o.value if isinstance(o, ox.NamedNode) else "_:" + o.value
                           for o in m.values(iri, pred, graph=ONTOLOGY_GRAPH)})
        out = []
        for i in iris:
            term = ox.BlankNode(i[2:]) if i.startswith("_:") else ox.NamedNode(i)
            out.append(r.link(term, lang, page))
        return out

    def own(vs):
        return [v for v in vs if (v.get("iri") or "").startswith(ONTOLOGY_NS) or not v.get("iri")]

    def foreign(vs):
        return [v for v in vs if v.get("iri") and not v["iri"].startswith(ONTOLOGY_NS)]

    supers = links(RDFS + "subClassOf") + links(RDFS + "subPropertyOf")
    equivalents = links(OWL + "equivalentClass") + links(OWL + "equivalentProperty")
    labels = {lg: m.texts(iri, LABEL).get(lg) or m.texts(iri, PREF_LABEL).get(lg) or "" for lg in LANGS}
    definitions = {lg: m.texts(iri, DEFINITION).get(lg, "") for lg in LANGS}
    instances = []
    if any(t in m.types(iri) for t in (OWL + "Class", RDFS + "Class")):
        instances = [r.link(ox.NamedNode(v), lang, page)
                     for v in sorted({s for s in m.subjects(RDF_TYPE, iri)
                                      if s.startswith(ONTOLOGY_NS)})]
    in_scheme = links(SKOS + "inScheme")
    scheme_members = links(SKOS + "inScheme", inverse=True)
    return {
        "iri": iri, "local": iri[len(ONTOLOGY_NS):], "labels": labels, "definitions": definitions,
        "label": m.label(iri, lang),
        "href": r.href(iri, lang, page),
        "types": [r.link(ox.NamedNode(t), lang, page) for t in m.types(iri)],
        "domain": links(RDFS + "domain"), "range": links(RDFS + "range"),
        "supers": own(supers), "subs": links(RDFS + "subClassOf", inverse=True)
        + links(RDFS + "subPropertyOf", inverse=True),
        "alignments": foreign(supers) + equivalents,
        "inverse": links(OWL + "inverseOf") + links(OWL + "inverseOf", inverse=True),
        "shapes": shapes.get(iri, []), "instances": instances + scheme_members,
        "in_scheme": in_scheme,
    }


def class_diagram(r, lang: str, page: str) -> str:
    m = r.m
    k = kinds(m)
    classes = set(k["classes"])
    nodes, edges, external = [], [], set()
    for c in sorted(classes):
        nodes.append(dg.Node(c, m.label(c, lang), r.href(c, lang, page), fill="#eef4fa"))
        for o in m.values(c, RDFS + "subClassOf", graph=ONTOLOGY_GRAPH):
            if isinstance(o, ox.NamedNode):
                edges.append(dg.Edge(c, o.value, arrowhead="onormal"))
                if o.value not in classes:
                    external.add(o.value)
    for e in sorted(external):
        nodes.append(dg.Node(e, curie(e), e, fill="#f4f4f4", shape="box"))
    for p in k["object_properties"]:
        doms = [o.value for o in m.values(p, RDFS + "domain") if isinstance(o, ox.NamedNode)]
        rans = [o.value for o in m.values(p, RDFS + "range") if isinstance(o, ox.NamedNode)]
        for d in doms:
            for rg in rans:
                if d in classes and rg in classes:
                    edges.append(dg.Edge(d, rg, label=m.label(p, lang), style="dashed"))
    return dg.graphviz_svg(nodes, edges, rankdir="RL", title=UI[lang]["class_diagram"])


def render_reference(r, shapes: dict, jsonld_bytes: bytes) -> None:

    m = r.m
    k = kinds(m)
    for lang in LANGS:
        page = page_file("ontology", lang)

        def infos(iris):
            return [term_info(r, i, shapes, lang, page) for i in iris]

        lists = []
        for group, values in code_lists(m):
            lists.append({"group": r.link(ox.NamedNode(group), lang, page)
                          if group != "(none)" else {"text": group, "href": None},
                          "is_scheme": SKOS + "ConceptScheme" in m.types(group),
                          "anchor": group[len(ONTOLOGY_NS):] if group.startswith(ONTOLOGY_NS)
                          and SKOS + "ConceptScheme" in m.types(group) else None,
                          "values": infos(values)})
        header = {key: m.texts(ONTOLOGY_IRI, DCTERMS + key)
                  for key in ("title", "description")}
        version = m.value(ONTOLOGY_IRI, OWL + "versionInfo")
        ctx = r.common("ontology", lang, header["title"].get(lang, "ontology"))
        ctx.update(
            iri=ONTOLOGY_IRI, header=header, version=version.value if version is not None else "",
            classes=infos(k["classes"]), object_properties=infos(k["object_properties"]),
            datatype_properties=infos(k["datatype_properties"]), code_lists=lists,
            diagram=class_diagram(r, lang, page),
            alternates=[{"ext": ext, "name": name, "media": media,
                         "href": relative(f"ontology.{ext}", page)} for ext, name, media in ALTERNATES],
            jsonld=embedded_jsonld(jsonld_bytes))
        r.render("ontology.html", "ontology", ctx)


def render_term(r, iri: str, shapes: dict, jsonld_bytes: bytes) -> None:

    path = site_path(iri)
    for lang in LANGS:
        page = page_file(path, lang)
        info = term_info(r, iri, shapes, lang, page)
        ctx = r.common(path, lang, info["label"])
        ctx.update(
            term=info, reference=relative(page_file("ontology", lang), page) + "#" + info["local"],
            facts=r.fact_rows(iri, lang, page),
            alternates=[{"ext": ext, "name": name, "media": media,
                         "href": relative(f"{path}.{ext}", page)} for ext, name, media in ALTERNATES],
            jsonld=embedded_jsonld(jsonld_bytes))
        r.render("term.html", path, ctx)
