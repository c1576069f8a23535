"""Run every gallery example in quick mode so that examples never rot."""

import runpy
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "examples").rglob("plot_*.py"))


def test_examples_exist():
    assert SCRIPTS, "no gallery examples found"


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_runs_in_quick_mode(script, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SKNNMATH_QUICK", "1")
    monkeypatch.chdir(tmp_path)  # examples must not depend on the working directory
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    try:
        runpy.run_path(str(script), run_name="__main__")
    finally:
        plt.close("all")
    out = capsys.readouterr().out
    assert any(ch.isdigit() for ch in out), f"{script.name} must print its numbers"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_is_the_experiment(script):
    """A gallery example shows the estimators, the search, the theory and the display —
    it does not call a hidden runner, and it draws through sknnmath.plotting."""
    text = script.read_text()
    assert "reproduce.run(" not in text and "import run" not in text, \
        f"{script.name} calls the reproduction runner instead of showing the experiment"
    assert "sknnmath.plotting" in text, f"{script.name} must draw with sknnmath.plotting"
    assert "seed 00" not in text.lower()
