"""The ``sknnmath`` command line: --version, and error paths that answer quickly
(``error:`` line, exit code 2) without importing torch (issue 11, items 5 and 9)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sknnmath.__main__ import _reproduction_names, main

ROOT = Path(__file__).resolve().parents[1]


def _run(*argv, code=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "sknnmath", *argv]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    return proc, time.perf_counter() - t0


def test_version():
    import sknnmath

    proc, _ = _run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"sknnmath {sknnmath.__version__}"


def _error_cases(tmp):
    a_file = tmp / "a_file"
    a_file.write_text("x")
    return {
        "out-empty": (["--out", ""], "--out must name a directory"),
        "out-file": (["--out", str(a_file)], "exists and is not a directory"),
        "out-under-file": (["--out", str(a_file / "sub")], "is not a writable directory"),
        "out-unwritable": (["--out", "/proc/sknnmath-out"], "is not a writable directory"),
        "seed-negative": (["--random-state", "-1"], "--random-state must be an integer"),
        "seed-huge": (["--random-state", str(2**40)], "--random-state must be an integer"),
        "seed-text": (["--random-state", "x"], "invalid int value"),
        "device": (["--device", "tpu"], "Unknown device 'tpu'"),
    }


@pytest.mark.parametrize("case", ["out-empty", "out-file", "out-under-file", "out-unwritable",
                                  "seed-negative", "seed-huge", "seed-text", "device"])
def test_bad_arguments_are_refused_before_running(case, tmp_path, capsys):
    argv, message = _error_cases(tmp_path)[case]
    with pytest.raises(SystemExit) if case == "seed-text" else _nullcontext() as exc:
        rc = main(["reproduce", "mlp-iris", "--quick", *argv])
    rc = exc.value.code if case == "seed-text" else rc
    assert rc == 2
    err = capsys.readouterr().err
    assert "error:" in err and message in err


class _nullcontext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_unknown_name_and_missing_name():
    assert main(["reproduce", "nope"]) == 2
    assert main(["reproduce"]) == 2
    assert main(["reproduce", "mlp-iris", "--all"]) == 2


def test_static_names_match_the_registry():
    # the CLI refuses unknown names from the source, without importing the topics
    from sknnmath.reproduce import registry

    registered = {n for n, rep in registry().items() if not n.startswith("_test")}
    assert _reproduction_names() == registered


def test_error_paths_do_not_import_torch(tmp_path):
    code = (
        "import sys\n"
        "from sknnmath.__main__ import main\n"
        f"cases = [['nope'], ['mlp-iris', '--out', ''], ['mlp-iris', '--device', 'tpu'],\n"
        f"         ['mlp-iris', '--random-state', '-1'], ['mlp-iris', '--out', {str(tmp_path / 'f')!r}]]\n"
        f"open({str(tmp_path / 'f')!r}, 'w').close()\n"
        "print([main(['reproduce', *c]) for c in cases], 'torch' in sys.modules)\n"
    )
    proc, _ = _run(code=code)
    assert proc.stdout.strip() == "[2, 2, 2, 2, 2] False", proc.stderr


def test_import_sknnmath_does_not_import_torch():
    proc, _ = _run(code="import sys, sknnmath; print('torch' in sys.modules, "
                        "'sknnmath.neural_network' in sys.modules)")
    assert proc.stdout.strip() == "False False", proc.stderr


@pytest.mark.parametrize("argv", [["reproduce", "nope"], ["reproduce", "mlp-iris", "--device", "tpu"],
                                  ["reproduce", "mlp-iris", "--out", ""], ["--version"]])
def test_console_error_paths_are_fast(argv):
    # includes the interpreter's start; torch alone takes several seconds to import
    proc, seconds = _run(*argv)
    assert proc.returncode == (0 if argv == ["--version"] else 2)
    assert seconds < 2.0, f"{argv}: {seconds:.2f} s"
