"""The README's Python example runs as written (the public API it shows keeps working)."""

from __future__ import annotations

import re

import pytest

from conftest import REPO


@pytest.mark.slow
def test_readme_python_example_runs(capsys):
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, "README.md has no Python example"
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["rows"], "the example query gave no rows"
    assert capsys.readouterr().out.startswith("conforms")
