"""ctoc-kg: a linked-data knowledge graph of the Conference of the Parties to the
United Nations Convention against Transnational Organized Crime.

Importing the package is cheap (no rdflib); the API lives in its modules:
``resources``, ``dataset``, ``reason``, ``validate``, ``query`` and more (see
docs/architecture.md); the namespaces are in ``ctoc_kg.namespaces``.
"""

__version__ = "0.1.0"

# The two languages of every label, definition, message and report.
LANGUAGES = ("en", "fr")
