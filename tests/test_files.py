"""The one atomic file writer (``ctoc_kg.files.write_atomic``) and the commands that use it.

Every writer keeps the mode of the file it replaces, and a failed write leaves the
previous file whole with no temporary file beside it.
"""

from __future__ import annotations

import os
import stat

import pytest

from conftest import FIXTURE_DATA, REPO
from hostile_helpers import invoke

from ctoc_kg import files
from ctoc_kg.errors import CtocError


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_replaces_the_content_and_keeps_the_mode(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    files.write_atomic(target, "neu\n")
    assert target.read_bytes() == "neu\n".encode()
    assert mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        files.write_atomic(tmp_path / "new.nt", b"x\n")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.nt") == 0o640


def test_failed_replace_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old content\n")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(CtocError, match="No space left"):
        files.write_atomic(target, b"new content\n" * 1000)
    assert target.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_write_interrupted_midway_leaves_nothing(tmp_path, monkeypatch):
    target = tmp_path / "new.nt"
    real_fdopen = os.fdopen

    class Exploding:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            raise KeyboardInterrupt  # even an interrupt cleans up

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Exploding(real_fdopen(fd, mode)))
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(target, b"x" * 10000)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CtocError, match="does not exist"):
        files.write_atomic(tmp_path / "nope" / "x.nt", b"x")


@pytest.fixture
def broken_replace(monkeypatch):
    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)


def test_validate_output_is_atomic_and_keeps_the_mode(tmp_path, broken_replace, monkeypatch):
    report = tmp_path / "report.json"
    report.write_text("previous\n", encoding="utf-8")
    report.chmod(0o600)
    result = invoke(["validate", "--format", "json", "-o", str(report), str(FIXTURE_DATA)])
    assert result.exit_code == 2, result.output
    assert "No space left" in result.stderr
    assert report.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    monkeypatch.undo()
    result = invoke(["validate", "--format", "json", "-o", str(report), str(FIXTURE_DATA)])
    assert result.exit_code in (0, 1), result.output
    assert report.read_text(encoding="utf-8").startswith("{")
    assert mode(report) == 0o600


def test_coverage_write_is_atomic_and_keeps_the_mode(tmp_path, broken_replace, monkeypatch):
    readme = tmp_path / "README.md"
    text = (REPO / "graph" / "README.md").read_text(encoding="utf-8")
    from ctoc_kg.coverage import MARK_END, MARK_START

    head, rest = text.split(MARK_START, 1)
    stale = f"{head}{MARK_START}\n\nstale\n{MARK_END}{rest.split(MARK_END, 1)[1]}"
    readme.write_text(stale, encoding="utf-8")
    readme.chmod(0o640)
    result = invoke(["coverage", "--write", str(readme)])
    assert result.exit_code == 2, result.output
    assert readme.read_text(encoding="utf-8") == stale
    monkeypatch.undo()
    result = invoke(["coverage", "--write", str(readme)])
    assert result.exit_code == 0, result.output
    assert readme.read_text(encoding="utf-8") == text
    assert mode(readme) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]


def test_fmt_keeps_the_mode(tmp_path):
    ttl = tmp_path / "a.ttl"
    ttl.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    ttl.chmod(0o604)
    result = invoke(["fmt", str(ttl)])
    assert result.exit_code == 0, result.output
    assert "1 file(s) reformatted" in result.output
    assert mode(ttl) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl"]


def _no_rename(monkeypatch):
    """Fail loudly instead of renaming or creating a temporary file."""
    def refuse(*a, **k):
        raise AssertionError("a device or pipe must not be replaced by a renamed file")

    monkeypatch.setattr(files.os, "replace", refuse)
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX only")
def test_a_named_pipe_is_written_into_and_stays_a_pipe(tmp_path, monkeypatch):
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()), daemon=True)
    reader.start()
    _no_rename(monkeypatch)
    files.write_atomic(pipe, b"<x:s> <x:p> <x:o> .\n")
    reader.join(timeout=10)
    assert got == [b"<x:s> <x:p> <x:o> .\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null here")
def test_dev_null_is_written_into_not_replaced(monkeypatch):
    # ``export -o /dev/null`` run as root once put a regular file in /dev/null's place
    _no_rename(monkeypatch)
    with files.atomic_file("/dev/null") as f:
        f.write(b"discarded\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_symbolic_link_stays_a_link_to_the_new_content(tmp_path):
    real = tmp_path / "data" / "graph.ttl"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "graph.ttl"
    link.symlink_to(real)
    files.write_atomic(link, b"new\n")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_bytes() == b"new\n" and mode(real) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["graph.ttl"]


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(CtocError, match="is a folder"):
        files.write_atomic(tmp_path, b"x\n")
