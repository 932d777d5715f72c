"""Remote SPARQL 1.1 stores, one module per job:

* ``client`` — the HTTP client: ``Endpoints``, ``Store`` (Graph Store Protocol and
  SPARQL Update uploads, SPARQL Protocol queries, retries, credentials);
* ``uploads`` — ``upload``: the dataset's parts into their named graphs, then a count
  check of each (``ctoc-kg load``);
* ``remote`` — ``execute_remote``: a prepared query on the store (``ctoc-kg query
  --endpoint``).

docs/triple-stores.md describes the protocols and tested stores.
"""

from ctoc_kg.errors import StoreError
from ctoc_kg.store.client import Endpoints, Store, credentials
from ctoc_kg.store.remote import execute_remote
from ctoc_kg.store.uploads import GraphLoad, upload

__all__ = ["Endpoints", "GraphLoad", "Store", "StoreError", "credentials", "execute_remote", "upload"]
