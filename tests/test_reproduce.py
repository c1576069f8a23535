import io
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sknnmath.__main__ import main
from sknnmath.reproduce import (
    DOCUMENTS,
    ReproductionResult,
    available,
    document_label,
    get,
    parallel_map,
    quiet,
    register,
    registry,
    spawn_seeds,
    stage,
)


def test_registry_lists_the_reproductions():
    assert {"mlp-iris", "double-descent", "benign-overfitting", "marchenko-pastur",
            "deep-double-descent"} <= set(available())
    assert registry()["mlp-iris"].document == "002"


def test_every_reproduction_names_a_known_document():
    for name, rep in registry().items():
        assert rep.document in DOCUMENTS, name
        assert rep.document_label.startswith(f"document {rep.document} (")


def test_document_label():
    assert document_label("000") == (
        "document 000 (Kawasumi & Yoneda, Fourier series vs deep ReLU networks)")
    assert document_label(1, short=True) == "document 001 (Sonoda)"
    with pytest.raises(ValueError, match="Unknown document '007'"):
        document_label("007")


def test_every_reproduction_is_a_triple():
    for name, rep in registry().items():
        assert callable(rep.compute) and callable(rep.display) and callable(rep.summary), name


def test_register_needs_display_and_summary():
    with pytest.raises(TypeError, match="display= and summary="):
        register("_test-half", document="004", description="x", display=None,
                 summary=lambda r: [])


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown reproduction 'nope'"):
        get("nope")
    assert main(["reproduce", "nope"]) == 2


def test_cli_list_names_documents_in_words(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "mlp-iris" in out
    assert document_label("004") in out
    assert "seed 00" not in out.lower()


def test_cli_bad_device(capsys):
    assert main(["reproduce", "mlp-iris", "--quick", "--device", "tpu"]) == 2
    assert "Unknown device 'tpu'" in capsys.readouterr().err


def test_cli_dask_and_scheduler_exclusive(capsys):
    assert main(["reproduce", "double-descent", "--dask", "--scheduler", "tcp://x:1"]) == 2
    assert "at most one of --dask and --scheduler" in capsys.readouterr().err


def test_duplicate_registration_refused():
    @register("_test-dummy", document="004", description="dummy", display=lambda r: {},
              summary=lambda r: ["ok 1"])
    def dummy(quick=False, device="auto", random_state=0, n_jobs=None):
        return ReproductionResult(tables={"t": pd.DataFrame({"a": [1.0]})})

    with pytest.raises(ValueError, match="already registered"):
        register("_test-dummy", document="004", description="x", display=lambda r: {},
                 summary=lambda r: [])(lambda **k: None)


def test_compute_must_not_draw():
    import matplotlib.pyplot as plt

    @register("_test-draws", document="004", description="draws", display=lambda r: {},
              summary=lambda r: [])
    def draws(quick=False, device="auto", random_state=0, n_jobs=None):
        return ReproductionResult(figures={"f": plt.figure()})

    with pytest.raises(TypeError, match="compute must not draw"):
        get("_test-draws")()
    plt.close("all")


def _demo_compute(quick=False, device="auto", random_state=0, n_jobs=None):
    with stage("squares"):
        vals = parallel_map(np.square, [1.0, 2.0, 3.0], n_jobs=n_jobs)
    return ReproductionResult(settings={"quick": quick},
                              tables={"t": pd.DataFrame({"x": [1, 2, 3], "x^2": vals})},
                              data={"x": np.arange(3)}, metrics={"sum": float(sum(vals))})


def _demo_display(result):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot(result.tables["t"]["x"], result.tables["t"]["x^2"])
    ax.set(xlabel="x", ylabel="x^2")
    return {"square": fig}


def _demo_summary(result):
    return [f"the squares add up to {result.metrics['sum']:g}"]


register("_test-triple", document="004", description="demo triple", display=_demo_display,
         summary=_demo_summary)(_demo_compute)


def test_triple_runs_compute_display_summary(tmp_path, capsys):
    import matplotlib.pyplot as plt

    from sknnmath.reproduce import run

    res = run("_test-triple", out=tmp_path)
    assert res.summary == ["the squares add up to 14"]
    assert set(res.figures) == {"square"}
    assert list(res.timings["stage"]) == ["squares", "compute (total)", "display"]
    names = {p.name for p in res.paths_}
    assert names == {"_test-triple_square.png", "_test-triple.md", "_test-triple.json",
                     "_test-triple_timings.csv"}
    out = capsys.readouterr().out
    assert "[_test-triple] squares:" in out           # stage line (stdout is not a terminal)
    assert "| x | x^2 |" in out and "Conclusion" in out
    assert document_label("004") in (tmp_path / "_test-triple.md").read_text()
    # timings never enter the reproducible files
    assert "seconds" not in (tmp_path / "_test-triple.json").read_text()
    plt.close("all")


def test_quiet_silences_stage_lines(capsys):
    from sknnmath.reproduce import run

    run("_test-triple", verbose=False, figures=False)
    assert capsys.readouterr().out == ""
    with quiet():
        with stage("nothing"):
            pass
    assert capsys.readouterr().out == ""
    with stage("something"):
        pass
    line = capsys.readouterr().out
    assert line.startswith("[sknnmath] something: ") and line.rstrip().endswith(" s")


def test_stage_uses_a_bar_in_a_terminal(monkeypatch, capsys):
    class TTY(io.StringIO):
        def isatty(self):
            return True

    out, err = TTY(), TTY()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    with stage("terminal stage", total=2) as st:
        st.update()
        st.update()
    assert out.getvalue() == ""                       # no log line in a terminal
    assert "terminal stage" in err.getvalue()


def test_parallel_map_keeps_order_and_equals_serial():
    seeds = spawn_seeds(3, 4)
    assert len(set(seeds)) == 4 and seeds == spawn_seeds(3, 4)
    draw = _draw
    assert parallel_map(draw, seeds, n_jobs=2) == parallel_map(draw, seeds)


def _draw(seed):
    return float(np.random.default_rng(seed).standard_normal())


def test_result_files(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure()
    res = ReproductionResult(tables={"t": pd.DataFrame({"a": [1.5], "b": ["x"]})},
                             figures={"f": fig}, summary=["s 1"], metrics={"m": 2})
    res.name = "demo"
    paths = res.save(tmp_path)
    assert {p.name for p in paths} == {"demo_f.png", "demo.md", "demo.json"}
    data = json.loads((tmp_path / "demo.json").read_text())
    assert data["tables"]["t"][0]["a"] == 1.5
    assert "| a | b |" in (tmp_path / "demo.md").read_text()
    plt.close(fig)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["benign-overfitting", "double-descent", "marchenko-pastur"])
def test_result_tables_identical_run_to_run(name, tmp_path):
    """Same seed, same tables and JSON bytes; only the timings table may differ."""
    a = get(name)(quick=True, device="cpu", random_state=1, figures=False)
    b = get(name)(quick=True, device="cpu", random_state=1, figures=False)
    assert a.tables.keys() == b.tables.keys()
    for key in a.tables:
        pd.testing.assert_frame_equal(a.tables[key], b.tables[key], check_exact=True)
    a.save(tmp_path / "a")
    b.save(tmp_path / "b")
    assert (tmp_path / "a" / f"{name}.json").read_bytes() == \
        (tmp_path / "b" / f"{name}.json").read_bytes()
    assert (tmp_path / "a" / f"{name}.md").read_bytes() == \
        (tmp_path / "b" / f"{name}.md").read_bytes()
    if name == "benign-overfitting":   # and a different seed does change them
        c = get(name)(quick=True, device="cpu", random_state=2, figures=False)
        assert not a.tables["spectra"].equals(c.tables["spectra"])


@pytest.mark.slow
def test_console_script_writes_png_and_tables(tmp_path):
    """The README's main job: `sknnmath reproduce NAME --quick` writes PNGs, tables, timings,
    and logs one line per stage when stdout is not a terminal."""
    proc = subprocess.run(
        [sys.executable, "-m", "sknnmath", "reproduce", "benign-overfitting", "--quick",
         "--device", "cpu", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "benign-overfitting_picture.png").stat().st_size > 10_000
    assert (tmp_path / "benign-overfitting_timings.csv").read_text().startswith("stage,seconds")
    table = json.loads((tmp_path / "benign-overfitting.json").read_text())["tables"]["spectra"]
    assert len(table) == 4
    assert "| spectrum | r_0 |" in proc.stdout
    assert "[benign-overfitting] excess risk of 4 spectra" in proc.stdout
    quiet_run = subprocess.run(
        [sys.executable, "-m", "sknnmath", "reproduce", "benign-overfitting", "--quick",
         "--device", "cpu", "--out", str(tmp_path), "--quiet"],
        capture_output=True, text=True, timeout=600,
    )
    assert quiet_run.returncode == 0, quiet_run.stderr
    assert "[benign-overfitting]" not in quiet_run.stdout


def test_cli_closes_each_reproductions_figures(tmp_path, capsys):
    # --all runs 27 reproductions in one process: each one's figures must be closed once
    # written (they were all kept open: pyplot's "more than 20 figures" warning, GBs of RSS)
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    assert main(["reproduce", "ridgelet-spectrum", "--quick", "--device", "cpu", "--quiet",
                 "--out", str(tmp_path)]) == 0
    assert list(tmp_path.glob("ridgelet-spectrum_*.png"))
    assert set(plt.get_fignums()) <= before


def test_close_figures_empties_the_result():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    res = ReproductionResult(name="demo", figures={"f": fig})
    res.close_figures()
    assert res.figures == {} and not plt.fignum_exists(fig.number)
    res.close_figures()  # twice is harmless
