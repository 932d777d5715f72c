"""ctoc-kg: a linked-data knowledge graph of the Conference of the Parties to the
United Nations Convention against Transnational Organized Crime.

Importing the package is cheap (no rdflib); the API lives in its modules:
``resources``, ``dataset``, ``reason``, ``fmt``, ``info`` and more.
"""

__version__ = "0.1.0"

# The contract's namespaces, as plain strings (no rdflib import here).
ONTOLOGY_NS = "https://w3id.org/ctoc-kg/ontology#"
ONTOLOGY_IRI = "https://w3id.org/ctoc-kg/ontology"
ID_NS = "https://w3id.org/ctoc-kg/id/"
GRAPH_NS = "https://w3id.org/ctoc-kg/graph/"
