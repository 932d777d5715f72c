"""The words of the site's own interface, in English and French, and date formatting."""

from __future__ import annotations

import re

UI: dict[str, dict[str, str]] = {
    "en": {
        "site": "CTOC knowledge graph",
        "tagline": "The Conference of the Parties to the United Nations Convention against "
                   "Transnational Organized Crime: its bodies, instruments, meetings and reports, "
                   "with the paragraph behind every fact.",
        "home": "Home", "ontology": "Ontology", "diagrams": "Diagrams", "dataset": "Dataset",
        "validation": "Validation", "queries": "Queries", "other_lang": "Français",
        "other_lang_code": "fr", "this_lang": "English",
        "type": "Type", "names": "Names", "facts": "Facts", "incoming": "Referred to by",
        "stated_in": "Stated in", "stated_here": "Facts stated in this part",
        "alternates": "This page as data", "inferred": "inferred", "iri": "IRI",
        "bodies": "Subsidiary bodies", "sessions": "Sessions of the Conference",
        "instruments": "Resolutions and decisions", "documents": "Documents and reports",
        "meetings": "Meetings", "all_entities": "Everything in the graph",
        "definition": "Definition", "domain": "Domain", "range": "Range",
        "superclasses": "Sub-class of", "subclasses": "Super-class of",
        "superproperties": "Sub-property of", "inverse": "Inverse of",
        "alignments": "Aligned with", "shapes": "Constrained by shapes",
        "values": "Values", "scheme": "In scheme", "instances": "Instances",
        "classes": "Classes", "object_properties": "Object properties",
        "datatype_properties": "Datatype properties", "code_lists": "Code lists",
        "class_diagram": "Class diagram", "term": "Term", "label": "Label",
        "diagram_bodies": "The Conference, its bodies and the instruments that created or changed them",
        "diagram_timeline": "Meetings on a time axis",
        "diagram_reports": "Reports going to each session",
        "validation_summary": "Validation of the graph against the SHACL shapes",
        "severity": "Severity", "focus": "Focus node", "path": "Path", "message": "Message",
        "conforms": "conforms", "does_not_conform": "does not conform",
        "no_results": "No result.", "question": "Question", "parameters": "Parameters",
        "answer": "Answer", "rows": "rows", "query_text": "SPARQL",
        "download": "Downloads", "format": "Format", "bytes": "bytes",
        "named_graphs": "Named graphs", "graph": "Graph", "triples": "Triples",
        "source": "Source", "licence": "Licence", "version": "Version", "issued": "Issued",
        "context": "JSON-LD context", "description": "Dataset description (VoID and DCAT)",
        "example_queries": "Example queries", "with_inferred": "with the inferred graph",
        "made_permanent": "made permanent", "establishes": "establishes",
        "status_change": "changes status", "reports_to": "reports to", "held": "held",
        "planned": "planned", "report_on": "report on", "submitted_to": "submitted to",
        "status": "Status", "from_graph": "graph",
        "stated_by": "Stated in", "subject": "Subject", "predicate": "Property", "object": "Value",
        "versions": "Language versions", "language": "Language", "distribution_date": "Distributed",
        "unconfirmed": "English not confirmed", "name": "name",
        "provenance_of": "which part states each triple of",
        "statement": "Statement", "statement_about": "A triple of the graph, as a statement (rdf:Statement) of its source",
        "in_graph": "In the provenance graph",
        "unconfirmed_notice": "The English text of the following could not be confirmed against "
                              "a United Nations text in English:",
        "part_Paragraph": "para. {n}", "part_Heading": "heading {n}", "part_HeaderBlock": "header",
        "part_TitleBlock": "title", "part_Footnote": "footnote {marker}", "part_DocumentPart": "part {n}",
    },
    "fr": {
        "site": "Graphe de connaissances de la CTO",
        "tagline": "La Conférence des Parties à la Convention des Nations Unies contre la "
                   "criminalité transnationale organisée : ses organes, ses instruments, ses "
                   "réunions et ses rapports, avec le paragraphe qui fonde chaque fait.",
        "home": "Accueil", "ontology": "Ontologie", "diagrams": "Schémas", "dataset": "Jeu de données",
        "validation": "Validation", "queries": "Requêtes", "other_lang": "English",
        "other_lang_code": "en", "this_lang": "Français",
        "type": "Type", "names": "Noms", "facts": "Faits", "incoming": "Cité par",
        "stated_in": "Énoncé dans", "stated_here": "Faits énoncés dans cette partie",
        "alternates": "Cette page en données", "inferred": "inféré", "iri": "IRI",
        "bodies": "Organes subsidiaires", "sessions": "Sessions de la Conférence",
        "instruments": "Résolutions et décisions", "documents": "Documents et rapports",
        "meetings": "Réunions", "all_entities": "Tout le graphe",
        "definition": "Définition", "domain": "Domaine", "range": "Portée",
        "superclasses": "Sous-classe de", "subclasses": "Super-classe de",
        "superproperties": "Sous-propriété de", "inverse": "Inverse de",
        "alignments": "Aligné sur", "shapes": "Contraint par les formes",
        "values": "Valeurs", "scheme": "Dans le schéma", "instances": "Instances",
        "classes": "Classes", "object_properties": "Propriétés d'objet",
        "datatype_properties": "Propriétés de données", "code_lists": "Listes de codes",
        "class_diagram": "Diagramme des classes", "term": "Terme", "label": "Libellé",
        "diagram_bodies": "La Conférence, ses organes et les instruments qui les ont créés ou modifiés",
        "diagram_timeline": "Les réunions sur un axe du temps",
        "diagram_reports": "Les rapports présentés à chaque session",
        "validation_summary": "Validation du graphe par les formes SHACL",
        "severity": "Gravité", "focus": "Nœud visé", "path": "Chemin", "message": "Message",
        "conforms": "conforme", "does_not_conform": "non conforme",
        "no_results": "Aucun résultat.", "question": "Question", "parameters": "Paramètres",
        "answer": "Réponse", "rows": "lignes", "query_text": "SPARQL",
        "download": "Téléchargements", "format": "Format", "bytes": "octets",
        "named_graphs": "Graphes nommés", "graph": "Graphe", "triples": "Triplets",
        "source": "Source", "licence": "Licence", "version": "Version", "issued": "Publié le",
        "context": "Contexte JSON-LD", "description": "Description du jeu de données (VoID et DCAT)",
        "example_queries": "Exemples de requêtes", "with_inferred": "avec le graphe inféré",
        "made_permanent": "rendu permanent", "establishes": "crée",
        "status_change": "change le statut", "reports_to": "fait rapport à", "held": "tenue",
        "planned": "prévue", "report_on": "rapport sur", "submitted_to": "présenté à",
        "status": "Statut", "from_graph": "graphe",
        "stated_by": "Énoncé dans", "subject": "Sujet", "predicate": "Propriété", "object": "Valeur",
        "versions": "Versions linguistiques", "language": "Langue", "distribution_date": "Distribuée le",
        "unconfirmed": "anglais non confirmé", "name": "nom",
        "provenance_of": "quelle partie énonce chaque triplet de",
        "statement": "Énoncé", "statement_about": "Un triplet du graphe, comme énoncé (rdf:Statement) de sa source",
        "in_graph": "Dans le graphe de provenance",
        "unconfirmed_notice": "Le texte anglais des éléments suivants n'a pas pu être confirmé par "
                              "un texte des Nations Unies en anglais :",
        "part_Paragraph": "par. {n}", "part_Heading": "intertitre {n}", "part_HeaderBlock": "en-tête",
        "part_TitleBlock": "titre", "part_Footnote": "note {marker}", "part_DocumentPart": "partie {n}",
    },
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}


def format_date(value: str, lang: str) -> str:
    """``2020-07-01`` as ``1 July 2020`` / ``1er juillet 2020``; anything else unchanged."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return value
    day = int(m.group(3))
    day_text = "1er" if lang == "fr" and day == 1 else str(day)
    return f"{day_text} {MONTHS[lang][int(m.group(2)) - 1]} {m.group(1)}"
