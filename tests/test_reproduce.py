import json
import subprocess
import sys

import pytest

from sknnmath.__main__ import main
from sknnmath.reproduce import ReproductionResult, available, get, register, registry


def test_registry_lists_mlp_iris():
    assert "mlp-iris" in available()
    assert registry()["mlp-iris"].document == "002"


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown reproduction 'nope'"):
        get("nope")
    assert main(["reproduce", "nope"]) == 2


def test_cli_list(capsys):
    assert main(["list"]) == 0
    assert "mlp-iris" in capsys.readouterr().out


def test_cli_bad_device(capsys):
    assert main(["reproduce", "mlp-iris", "--quick", "--device", "tpu"]) == 2
    assert "Unknown device 'tpu'" in capsys.readouterr().err


def test_duplicate_registration_refused():
    @register("_test-dummy", document="none", description="dummy")
    def dummy(quick=False, device="auto", random_state=0):
        return ReproductionResult(tables={"t": [{"a": 1.0}]}, summary=["ok 1"])

    with pytest.raises(ValueError, match="already registered"):
        register("_test-dummy", document="none", description="x")(lambda **k: None)


def test_result_files(tmp_path):
    import matplotlib.pyplot as plt

    fig = plt.figure()
    res = ReproductionResult(tables={"t": [{"a": 1.5, "b": "x"}]}, figures={"f": fig},
                             summary=["s 1"], metrics={"m": 2})
    res.name = "demo"
    paths = res.save(tmp_path)
    assert {p.name for p in paths} == {"demo_f.png", "demo.md", "demo.json"}
    data = json.loads((tmp_path / "demo.json").read_text())
    assert data["tables"]["t"][0]["a"] == 1.5
    assert "| a | b |" in (tmp_path / "demo.md").read_text()
    plt.close(fig)


@pytest.mark.slow
def test_console_script_writes_png_and_tables(tmp_path):
    """The README's main job: `sknnmath reproduce mlp-iris --quick` writes a PNG and tables."""
    proc = subprocess.run(
        [sys.executable, "-m", "sknnmath", "reproduce", "mlp-iris", "--quick", "--device", "cpu",
         "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mlp-iris_loss_curves.png").stat().st_size > 10_000
    table = json.loads((tmp_path / "mlp-iris.json").read_text())["tables"]["test accuracy"]
    assert len(table) == 4 and all(0.8 <= r["test acc"] <= 1.0 for r in table)
    assert "| loss | optimizer |" in proc.stdout
