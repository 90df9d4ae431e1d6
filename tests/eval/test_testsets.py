"""Every test set holds up against its papers: `eval/validate.py`, run on each and on a broken one."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT, SHARED_CORPUS

# The memo sets' own check; the sealed sets (eval/sealed/) have categories and papers of their own
# and were checked by their writers when written (see their READMEs).
SETS = sorted(p for p in ROOT.glob("eval/**/*.jsonl") if "sealed" not in p.parts)


def _validate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validate", ROOT / "eval" / "validate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED_CORPUS.exists(), reason="the sets ask about the shared sample memo too")
@pytest.mark.parametrize("testset", SETS, ids=lambda p: p.name)
def test_every_set_holds_up(testset: Path) -> None:
    assert _validate().main([str(testset)]) == 0


def test_a_quote_off_its_page_is_reported(tmp_path: Path) -> None:
    held_out = ROOT / "eval" / "heldout2"
    items = [json.loads(line) for line in (held_out / "heldout2.jsonl").read_text(encoding="utf-8").splitlines()]
    item = next(i for i in items if i.get("answerable") and i.get("cite_any"))
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps({**item, "pages": [99]}) + "\n", encoding="utf-8")
    assert _validate().main([str(broken), str(held_out / "memos")]) == 1
