"""The built documentation shows every gallery example's figures.

``.ci/run`` builds the docs (gallery executed in quick mode, ``-W --keep-going``) into
``docs/_build/html`` before the test suite; set ``SKNNMATH_DOCS_HTML`` to check another
build. Without a build the test skips with a reason.
"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("SKNNMATH_DOCS_HTML", ROOT / "docs" / "_build" / "html"))
EXAMPLES = sorted((ROOT / "examples").rglob("plot_*.py"))
_IMG = re.compile(r'<img[^>]*class\s*=\s*"[^"]*sphx-glr-(single|multi)-img')


def _page(script):
    return HTML / "auto_examples" / script.parent.name / f"{script.stem}.html"


@pytest.mark.skipif(not (HTML / "auto_examples").is_dir(),
                    reason=f"docs not built at {HTML} (.ci/run builds them)")
@pytest.mark.parametrize("script", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gallery_page_shows_its_figures(script):
    page = _page(script)
    assert page.is_file(), f"{page} was not built"
    html = page.read_text(encoding="utf-8")
    assert _IMG.search(html), f"{page.name} shows no figure"
    assert "&lt;Figure size" not in html, f"{page.name} prints a Figure repr instead of a figure"
    for img in re.findall(r'src="([^"]+\.png)"', html):
        assert (page.parent / img).resolve().is_file(), f"{page.name}: missing image {img}"
