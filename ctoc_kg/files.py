"""Write a file atomically: every file writer of ctoc-kg (``ctoc-kg fmt``, ``export -o``,
``validate -o``, ``coverage --write``, ``generate``) goes through ``atomic_file``.

Only regular files are replaced.  A symbolic link keeps being a link: the file it points
to is replaced.  Anything else that already exists under the name (``/dev/null``, a
terminal, a named pipe) is written into as it is: renaming a temporary file onto it
would put a regular file in its place (as root, ``-o /dev/null`` would replace the
system's ``/dev/null``)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from os import PathLike
from pathlib import Path
from typing import BinaryIO

from ctoc_kg.errors import CtocError


@contextmanager
def atomic_file(path: str | PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content into; it replaces ``path`` when the
    block ends.

    The content goes to a temporary file in the same folder, then ``os.replace``:
    readers see the old file or the whole new one; if the block or the write fails,
    the temporary file is removed and ``path`` is untouched.  An existing file keeps
    its permission bits; a new one gets ``0o666`` minus the umask, as ``open()`` would
    give it.  OS errors (folder missing, disk full, no permission) are ``CtocError``.
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    try:
        special = not stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        special = False
    except OSError as e:
        raise CtocError(f"{path}: cannot write: {e.strerror or e}") from e
    if special:
        if path.is_dir():
            raise CtocError(f"{path}: is a folder, not a file")
        with _opened_as_is(path) as f:
            yield f
        return
    folder = path.parent
    if not folder.is_dir():
        raise CtocError(f"{path}: the folder {folder} does not exist")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as e:
        raise CtocError(f"{path}: cannot write: {e.strerror or e}") from e
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise CtocError(f"{path}: cannot write: {e.strerror or e}") from e
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError):
            raise CtocError(f"{path}: cannot write: {e.strerror or e}") from e
        raise


@contextmanager
def _opened_as_is(path: Path) -> Iterator[BinaryIO]:
    """``path`` (a device or a pipe) opened for writing, OS errors as ``CtocError``."""
    try:
        f = open(path, "wb")
    except OSError as e:
        raise CtocError(f"{path}: cannot write: {e.strerror or e}") from e
    try:
        with f:
            yield f
    except OSError as e:
        raise CtocError(f"{path}: cannot write: {e.strerror or e}") from e


def write_atomic(path: str | PathLike[str], data: bytes | str) -> None:
    """Write ``data`` (``str`` as UTF-8) to ``path`` atomically (see ``atomic_file``)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_file(path) as f:
        f.write(data)
