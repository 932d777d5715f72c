"""Build the real wheel and prove the shipped data is the repository's."""

import hashlib
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO, run

DATA_FOLDERS = ("ontology", "graph", "shapes", "queries", "contexts")


def repo_data_files() -> dict[str, bytes]:
    files = {}
    for folder in DATA_FOLDERS:
        base = REPO / folder
        if base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file() and "__pycache__" not in p.parts:
                    files[f"ctoc_kg/data/{p.relative_to(REPO).as_posix()}"] = p.read_bytes()
    return files


@pytest.mark.slow
def test_wheel_ships_exactly_the_data_folders(tmp_path):
    out = tmp_path / "dist"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)],
        capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    [wheel] = list(out.glob("ctoc_kg-0.1.0-*.whl"))
    expected = repo_data_files()
    assert "ctoc_kg/data/shapes/README.md" in expected
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        shipped = {n: z.read(n) for n in names if n.startswith("ctoc_kg/data/")}
        entry_points = next(z.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert sorted(shipped) == sorted(expected)
    for name, data in expected.items():
        assert hashlib.sha256(shipped[name]).hexdigest() == hashlib.sha256(data).hexdigest(), name
    assert "ctoc-kg = ctoc_kg.cli:main" in entry_points
    assert "ctoc_kg/cli/__init__.py" in names and "ctoc_kg/resources.py" in names
    # the site's templates and stylesheet are package data
    for name in ("ctoc_kg/site/templates/base.html", "ctoc_kg/site/templates/entity.html",
                 "ctoc_kg/site/static/style.css"):
        assert name in names, name

    # installed from the wheel, the package finds its data inside itself
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                        "--target", str(site), str(wheel)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    r = run([sys.executable, "-c",
             "from ctoc_kg import resources; print(resources.data_root())"],
            cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(site / "ctoc_kg" / "data")


@pytest.mark.slow
def test_site_builds_from_the_installed_wheel(tmp_path):
    """`pip install .` then `ctoc-kg site --out DIR`: templates and data come from the wheel."""
    out = tmp_path / "dist"
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-w", str(out), str(REPO)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    [wheel] = list(out.glob("ctoc_kg-0.1.0-*.whl"))
    target = tmp_path / "installed"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index",
                        "--target", str(target), str(wheel)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    built = tmp_path / "built"
    r = run([sys.executable, "-m", "ctoc_kg", "site", "--out", str(built)], cwd=tmp_path,
            env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert (built / "index.html").is_file() and (built / "ontology/Meeting.fr.html").is_file()
    assert (built / "id/body/working-group-firearms.ttl").is_file()
    # the provenance graphs came with it: each fact cites its paragraph
    page = (built / "id/body/working-group-firearms.html").read_text(encoding="utf-8")
    assert '<a class="stated-by" href="../doc/note-2020-07-01-subsidiary-bodies/para/11.html"' in page
    # and the site is the one the repository builds, byte for byte
    from ctoc_kg.site import build_files

    files = build_files()
    on_disk = {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert sorted(on_disk) == sorted(files)
    assert [k for k in files if files[k] != on_disk[k]] == []
    assert str(target) in run([sys.executable, "-c", "import ctoc_kg.site; print(ctoc_kg.site.__file__)"],
                              cwd=tmp_path, env={"PYTHONPATH": str(target)}).stdout
