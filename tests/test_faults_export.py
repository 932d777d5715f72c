"""Faults while exporting to a file: the folder cannot be written, the disk fills up.

In each case ``ctoc-kg export --output`` exits 2 with one line, the previous file is
byte-for-byte intact and no temporary file is left beside it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, linux_only
from hostile_helpers import assert_clean_failure, invoke, run_script

PREVIOUS = b"# the previous export, which must survive\n"


def _leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


@pytest.fixture
def previous(tmp_path):
    out = tmp_path / "out" / "graph.nt"
    out.parent.mkdir()
    out.write_bytes(PREVIOUS)
    return out


def test_disk_full_during_write_keeps_the_previous_file(previous, monkeypatch):
    """Simulated ENOSPC: the write of the temporary file fails half-way."""
    import ctoc_kg.files as files_mod
    real_fdopen = os.fdopen
    written = []

    class FullDisk:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data[: len(data) // 2])  # part of it reached the disk
            written.append(len(data) // 2)
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.f.__exit__(*exc)

    monkeypatch.setattr(files_mod.os, "fdopen", lambda fd, *a, **k: FullDisk(real_fdopen(fd, *a, **k)))
    result = invoke(["export", "--no-ontology", "--format", "nt", "--output", str(previous), str(FIXTURE_DATA)])
    err = assert_clean_failure(result)
    assert written, "the simulated full disk was never reached"
    assert "No space left on device" in err and str(previous) in err
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent, previous.name) == []


def test_fsync_failure_keeps_the_previous_file(previous, monkeypatch):
    """Simulated: some file systems report a full disk only at fsync."""
    import ctoc_kg.files as files_mod

    def fail(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(files_mod.os, "fsync", fail)
    result = invoke(["export", "--no-ontology", "--format", "ttl", "-o", str(previous), str(FIXTURE_DATA)])
    assert_clean_failure(result)
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent, previous.name) == []


def test_folder_not_writable_keeps_the_previous_file_simulated(previous, monkeypatch):
    """Simulated EACCES on creating the temporary file (tests may run as root, where
    chmod 555 does not stop writing)."""
    import tempfile

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    result = invoke(["export", "--no-ontology", "--format", "nt", "-o", str(previous), str(FIXTURE_DATA)])
    err = assert_clean_failure(result)
    assert "Permission denied" in err
    assert previous.read_bytes() == PREVIOUS


@linux_only("/proc, a folder no one can write in")
def test_folder_not_writable_for_real(tmp_path):
    """A folder no one can create files in, even root: /proc (a kernel file system)."""
    target = Path("/proc") / "ctoc-kg-export-test.nt"
    g = run_script(["export", "--no-ontology", "--format", "nt", "-o", str(target), str(FIXTURE_DATA)], tmp_path)
    assert g.returncode == 2, g.stdout + g.stderr
    assert "Traceback" not in g.stderr and len(g.stderr.strip().splitlines()) == 1
    assert str(target) in g.stderr
    assert not target.exists()
    assert g.attempts == []


def test_output_folder_missing_and_output_is_a_folder(tmp_path):
    result = invoke(["export", "--no-ontology", "-o", str(tmp_path / "nope" / "x.nt"), str(FIXTURE_DATA)])
    assert_clean_failure(result)
    (tmp_path / "dir.nt").mkdir()
    result = invoke(["export", "--no-ontology", "-o", str(tmp_path / "dir.nt"), str(FIXTURE_DATA)])
    assert_clean_failure(result)
    assert (tmp_path / "dir.nt").is_dir()


def test_bad_input_leaves_the_previous_output_untouched(previous, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :b .\n", encoding="utf-8")
    result = invoke(["export", "--no-ontology", "-o", str(previous), str(bad)])
    err = assert_clean_failure(result)
    assert f"{bad}:2:" in err
    assert previous.read_bytes() == PREVIOUS
    assert _leftovers(previous.parent, previous.name) == []


def test_successful_export_replaces_the_previous_file(previous):
    result = invoke(["export", "--no-ontology", "--format", "nt", "-o", str(previous), str(FIXTURE_DATA)])
    assert result.exit_code == 0, result.stderr
    assert previous.read_bytes() != PREVIOUS and previous.read_bytes().endswith(b" .\n")
    assert _leftovers(previous.parent, previous.name) == []
