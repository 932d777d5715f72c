"""Progress on stderr: a line naming the stage, only on a terminal and only after a
second of work; nothing in pipes, files or CI logs."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import time

import pytest

from conftest import console_script, ctoc
from ctoc_kg.cli.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_before_the_delay():
    out = Terminal()
    with Progress("export", file=out, delay=0.5) as p:
        p.stage("loading")
        time.sleep(0.1)
        p.stage("writing nt")
    assert out.getvalue() == "" and not p.shown


def test_a_line_with_the_stage_after_the_delay():
    out = Terminal()
    with Progress("export", file=out, delay=0.2) as p:
        p.stage("loading")
        time.sleep(0.5)
        p.stage("reasoning")
        time.sleep(0.4)
    text = out.getvalue()
    assert p.shown
    assert "ctoc-kg export: loading" in text and "ctoc-kg export: reasoning" in text


def test_byte_bar_counts():
    out = Terminal()
    with Progress("load", file=out, delay=0.1) as p:
        advance = p.bytes("uploading", 4_000_000)
        time.sleep(0.3)
        advance(2_000_000)
        time.sleep(0.4)
    assert "uploading 2.0 MB / 4.0 MB (50 %)" in out.getvalue()


def test_quiet_when_not_a_terminal_or_asked():
    for p in (Progress("x", file=io.StringIO(), delay=0), Progress("x", file=Terminal(), enabled=False, delay=0)):
        with p:
            p.stage("working")
            time.sleep(0.2)
        assert not p.shown and p.file.getvalue() == ""


def test_commands_print_nothing_on_stderr_in_a_pipe(tmp_path):
    proc = ctoc("export", "--format", "nt", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stderr == ""


def _run_on_a_terminal(args, cwd) -> tuple[int, bytes, bytes]:
    """Run the console script with stderr on a pseudo-terminal; (exit, stdout, stderr)."""
    master, slave = pty.openpty()
    stdout = open(cwd / "stdout.bin", "wb+")  # a file: a full pipe would block the writer
    proc = subprocess.Popen([console_script(), *args], cwd=cwd, stdout=stdout,
                            stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        elif proc.poll() is not None:
            break
        if proc.poll() is not None and not ready:
            break
    proc.wait(timeout=300)
    os.close(master)
    stdout.seek(0)
    out = stdout.read()
    stdout.close()
    return proc.returncode, out, err


@pytest.mark.slow
def test_a_long_export_shows_its_stages_on_a_terminal(tmp_path):
    from ctoc_kg.generate import generate

    data = tmp_path / "corpus.nt"
    generate(data, 60_000, seed=2)
    code, out, err = _run_on_a_terminal(["export", str(data), "--format", "ttl", "--inferred"],
                                        tmp_path)
    assert code == 0 and out.startswith(b"@prefix")
    # Which stages last past the one-second delay depends on the machine's speed: loading
    # 60k triples may end before it. At least one stage is shown, and only real stage names.
    import re

    shown = set(re.findall(rb"ctoc-kg export: ([a-z ]+?) \[", err))
    assert shown, err
    assert shown <= {b"loading", b"reasoning", b"writing ttl"}, shown
    code, quiet_out, err = _run_on_a_terminal(["export", str(data), "--format", "ttl", "--inferred",
                                               "--quiet"], tmp_path)
    assert code == 0 and quiet_out == out and err == b""
