"""Remote SPARQL 1.1 stores, one module per job:

* ``client`` — the HTTP client: ``Endpoints``, ``Store`` (Graph Store Protocol and
  SPARQL Update uploads, SPARQL Protocol queries, retries, credentials);
* ``uploads`` — ``dump`` and ``upload_files`` (``upload`` for parts in memory): the
  dataset's named graphs, one request each, then a count check of each (``ctoc-kg load``);
* ``loading`` — ``load_into``: the whole of ``ctoc-kg load`` (read, send each graph,
  check the counts, leave the server as it was on failure);
* ``remote`` — ``execute_remote``: a prepared query on the store (``ctoc-kg query
  --endpoint``).

docs/triple-stores.md describes the protocols and tested stores.
"""

from ctoc_kg.errors import StoreError
from ctoc_kg.store.client import Endpoints, Store, credentials
from ctoc_kg.store.loading import load_into
from ctoc_kg.store.uploads import EarlyUpload, GraphFile, GraphLoad, dump, upload, upload_files

__all__ = ["EarlyUpload", "Endpoints", "GraphFile", "GraphLoad", "Store", "StoreError",
           "credentials", "dump", "execute_remote", "load_into", "upload", "upload_files"]


def __getattr__(name: str):
    # ctoc_kg.query (and rdflib) is imported only by what queries: `load` starts sending
    # before it has read anything
    if name == "execute_remote":
        from ctoc_kg.store.remote import execute_remote

        return execute_remote
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
