"""Hatch build hook: ship the repository's data folders inside the wheel.

Each existing top-level folder in DATA_FOLDERS is force-included as
``ctoc_kg/data/<folder>``.  A folder that does not exist is skipped, so the build
never fails on a checkout that lacks one.  Editable installs read the data
from the source tree instead (see ``ctoc_kg.resources``).
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA_FOLDERS = ("ontology", "graph", "shapes", "queries", "contexts")


class DataFoldersHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if version == "editable":
            return
        root = Path(self.root)
        for folder in DATA_FOLDERS:
            source = root / folder
            if source.is_dir():
                build_data["force_include"][str(source)] = f"ctoc_kg/data/{folder}"
