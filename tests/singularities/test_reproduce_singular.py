"""The singular-lines reproduction runs compute -> display -> summary in quick mode."""

import matplotlib

matplotlib.use("Agg")


def test_singular_lines_quick(tmp_path):
    import matplotlib.pyplot as plt

    from sknnmath.plotting import check_figure_rules
    from sknnmath.reproduce import registry, run

    assert registry()["singular-lines"].document == "003"
    res = run("singular-lines", out=tmp_path, quick=True)
    t = res.tables["critical lines: Hessian classes vs the A-matrix condition"]
    assert (t["agreement"] == 1.0).all()
    assert t["max relative gradient"].max() < 1e-6
    assert list(t["A"][:3]) == ["positive", "negative", "indefinite"]
    for fig in res.figures.values():
        assert check_figure_rules(fig) == []
    assert any("Supported in these runs" in line for line in res.summary)
    plt.close("all")
