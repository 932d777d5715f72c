"""The layering of docs/architecture.md holds: no module of ctoc_kg imports from a layer
above its own (imports inside functions included), and every module has a layer."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "ctoc_kg"


def layers() -> dict[str, int]:
    """``{module or package name: layer}`` from the diagram in docs/architecture.md."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    found = {}
    for number, names in re.findall(r"^layer (\d+) +(.+)$", text, flags=re.M):
        for name in names.split():
            found[name] = int(number)
    assert found, "docs/architecture.md has no layer diagram"
    return found


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """The ctoc_kg modules ``path`` imports (relative to the package, '' for ctoc_kg)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = module_name(path).split(".") if module_name(path) else []
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(["ctoc_kg", *base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            # `from ctoc_kg import query` names a module; `from ctoc_kg import LANGUAGES` does not
            names = [f"{mod}.{a.name}" if mod == "ctoc_kg" else mod for a in node.names]
        else:
            continue
        for name in names:
            if name == "ctoc_kg" or name.startswith("ctoc_kg."):
                out.add(name[len("ctoc_kg."):] if name != "ctoc_kg" else "")
    return out


def layer_of(module: str, table: dict[str, int]) -> int | None:
    """The layer of ``module``: its own entry or its nearest package's."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in table:
            return table[".".join(parts[:i])]
    return None


def test_every_module_has_a_layer():
    table = layers()
    missing = sorted(m for m in map(module_name, PACKAGE.rglob("*.py"))
                     if m and layer_of(m, table) is None)
    assert missing == [], f"modules without a layer in docs/architecture.md: {missing}"


def upward_imports(table: dict[str, int]) -> list[str]:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        me = module_name(path)
        if not me:  # ctoc_kg/__init__.py: the package face, below everything
            assert imports(path) == set(), "ctoc_kg/__init__.py must import nothing of ours"
            continue
        mine = layer_of(me, table)
        for other in imports(path):
            if not other:
                continue  # `import ctoc_kg`
            theirs = layer_of(other, table)
            if theirs is None:
                # `from ctoc_kg import LANGUAGES`: a name of the package face, not a module
                assert other.split(".")[0] not in {p.stem for p in PACKAGE.iterdir()}, other
                continue
            if mine is not None and theirs > mine:
                upward.append(f"{me} (layer {mine}) imports {other} (layer {theirs})")
    return upward


def test_no_module_imports_from_a_layer_above_it():
    assert upward_imports(layers()) == []


def test_the_check_sees_imports_inside_functions_and_upward_ones():
    # cli/query.py imports reason (and dataset, cache) inside its command function only
    assert "reason" in imports(PACKAGE / "cli" / "query.py")
    # put dataset on top: every module that loads files now imports upward
    table = dict(layers(), dataset=99)
    found = upward_imports(table)
    assert "reason (layer 2) imports dataset (layer 99)" in found
    assert any(f.startswith("open ") for f in found)
