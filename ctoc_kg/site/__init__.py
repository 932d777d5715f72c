"""The static site: a page per IRI in English and French, its Turtle, JSON-LD and
N-Triples, the ontology reference, diagrams, the validation report, the answers of the
queries, the VoID/DCAT description, the ``.htaccess`` for w3id.org and a local server.

    from ctoc_kg.site import build_site, SiteServer
    build_site("site")                                  # same input, same bytes
    SiteServer("site", "127.0.0.1:8000").serve_forever()
"""

from ctoc_kg.site.alternates import page_file
from ctoc_kg.site.build import SiteSummary, build_files, build_site
from ctoc_kg.site.negotiation import htaccess, negotiate
from ctoc_kg.site.server import SiteServer

__all__ = ["build_site", "build_files", "SiteSummary", "SiteServer", "negotiate", "htaccess",
           "page_file"]
