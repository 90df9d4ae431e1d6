"""What survives a power cut: the order of fsyncs and renames of a real ingest, from the kernel's side.

A SIGKILL leaves the page cache intact, so the crash tests cannot show what a power cut
loses: a rename that reached the disk before the data of the files it names. POSIX only
promises what was fsynced. So the real ``council-qa ingest`` runs under strace, and the
sequence of its fsync and rename calls is checked against the rule that makes a commit
durable: every file and folder of the new generation is synced before the generation is
renamed into place, that rename is synced before the manifest names it, and the manifest
is synced before and after its own rename. At any moment of a power cut the manifest on
disk then names a generation whose every byte is on disk.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from council_qa.index.store import GENERATIONS, MANIFEST, read_manifest
from tests.conftest import EXAMPLES
from tests.reliability.support import child_env, cli_command

pytestmark = pytest.mark.skipif(shutil.which("strace") is None, reason="strace (Debian package) is not installed")

_FSYNC = re.compile(r"^\d+\s+f(?:data)?sync\(\d+<(?P<path>[^>]*)>\)\s+=\s+0")
_RENAME = re.compile(r'^\d+\s+rename(?:at2?)?\((?:AT_FDCWD, )?"(?P<src>[^"]+)", (?:AT_FDCWD, )?"(?P<dst>[^"]+)"')


def _events(trace: Path, cwd: Path) -> list[tuple[str, str, str]]:
    """("fsync", path, "") and ("rename", src, dst) in the order the kernel saw them, as absolute paths."""
    out: list[tuple[str, str, str]] = []
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        if m := _FSYNC.match(line):
            out.append(("fsync", os.path.normpath(m["path"]), ""))
        elif (m := _RENAME.match(line)) and "= 0" in line:
            out.append(("rename", os.path.normpath(cwd / m["src"]), os.path.normpath(cwd / m["dst"])))
    return out


def _traced_ingest(tmp_path: Path, *paths: Path) -> list[tuple[str, str, str]]:
    trace = tmp_path / "trace.txt"
    trace.unlink(missing_ok=True)
    command = ["strace", "-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-o", str(trace)]
    done = subprocess.run(
        [*command, *cli_command("ingest", *map(str, paths), "--index", "idx")],
        cwd=tmp_path,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return _events(trace, tmp_path)


def _index_of(events: list[tuple[str, str, str]], wanted: tuple[str, str, str]) -> int:
    assert wanted in events, f"{wanted} never happened"
    return events.index(wanted)


@pytest.mark.slow
def test_every_commit_is_durable_before_the_manifest_names_it(tmp_path: Path) -> None:
    memos = sorted(EXAMPLES.glob("*.txt"))
    for count in (1, 2):  # a first generation, then one with a previous generation beside it
        events = _traced_ingest(tmp_path, *memos[:count])
        root = (tmp_path / "idx").resolve()
        manifest = read_manifest(root)
        assert manifest is not None
        final = str(root / GENERATIONS / manifest.generation)
        moved = [e for e in events if e[0] == "rename" and e[2] == final]
        assert len(moved) == 1, "the generation must appear by one rename of its scratch folder"
        tmp = moved[0][1]
        at_rename = events.index(moved[0])
        synced_before = {path for kind, path, _ in events[:at_rename] if kind == "fsync"}
        for folder, _dirs, files in os.walk(final):
            for name in [*files, ""]:
                path = os.path.normpath(os.path.join(tmp + folder[len(final) :], name))
                assert path in synced_before, f"{path} was not synced before the generation was renamed into place"
        manifest_swap = _index_of(events, ("rename", str(root / f"{MANIFEST}.tmp"), str(root / MANIFEST)))
        synced_between = [path for kind, path, _ in events[at_rename:manifest_swap] if kind == "fsync"]
        assert str(root / GENERATIONS) in synced_between, "the rename of the generation was not synced"
        assert str(root / f"{MANIFEST}.tmp") in synced_between, "the manifest's data was not synced before its rename"
        assert ("fsync", str(root), "") in events[manifest_swap:], "the manifest's rename was not synced"
