"""Remote SPARQL 1.1 stores, one module per job:

* ``client`` — the HTTP client: ``Endpoints``, ``Store`` (Graph Store Protocol and
  SPARQL Update uploads, SPARQL Protocol queries, retries, credentials);
* ``uploads`` — ``dump`` and ``upload_files`` (``upload`` for parts in memory): the
  dataset's named graphs, one request each, then a count check of each (``ctoc-kg load``);
* ``remote`` — ``execute_remote``: a prepared query on the store (``ctoc-kg query
  --endpoint``).

docs/triple-stores.md describes the protocols and tested stores.
"""

from ctoc_kg.errors import StoreError
from ctoc_kg.store.client import Endpoints, Store, credentials
from ctoc_kg.store.remote import execute_remote
from ctoc_kg.store.uploads import GraphFile, GraphLoad, dump, upload, upload_files

__all__ = ["Endpoints", "GraphFile", "GraphLoad", "Store", "StoreError", "credentials", "dump",
           "execute_remote", "upload", "upload_files"]
