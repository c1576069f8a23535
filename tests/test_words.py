"""Words a user can read: documents named by number, authors and topic; never "seed 00x"
(confusable with random seeds), never untranslated Japanese, never a bare figure number."""

import re
from pathlib import Path

import pytest

from sknnmath.reproduce import registry

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
SEED_DOC = re.compile(r"\bseed[ _-]?(document )?0\d\d\b", re.IGNORECASE)

FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.rst")),
         *sorted((ROOT / "examples").rglob("*.py")), *sorted((ROOT / "examples").rglob("*.txt"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_user_facing_text(path):
    text = path.read_text(encoding="utf-8")
    assert not SEED_DOC.search(text), f"{path.name}: name documents with document_label"
    assert not CJK.search(text), f"{path.name}: untranslated Japanese"


def test_registry_descriptions():
    for name, rep in registry().items():
        if name.startswith("_"):
            continue
        assert not SEED_DOC.search(rep.description) and not CJK.search(rep.description), name
        assert not re.match(r"\W*figs?\.\s*\d", rep.description, re.IGNORECASE), \
            f"{name}: say what is reproduced before any figure number"
