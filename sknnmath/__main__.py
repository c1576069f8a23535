"""Command line: ``sknnmath list``, ``sknnmath reproduce NAME|--all`` and ``sknnmath --version``.

Every argument is checked before anything heavy is imported: the error paths
(``error: ...`` on stderr, exit code 2) answer without importing torch, which is
imported only when a reproduction runs (or ``list`` loads the registry). To add an
option, add it in :func:`_parser` and, if it needs a check, a function to
``_CHECKS`` that returns an error message or None.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path


def _parser():
    from sknnmath import __version__

    p = argparse.ArgumentParser(
        prog="sknnmath",
        description="Reproduce the figures of the sknnmath documents, with numbers.",
    )
    p.add_argument("--version", action="version", version=f"sknnmath {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the registered reproductions")
    r = sub.add_parser("reproduce", help="run a reproduction and write its figures and tables")
    r.add_argument("name", nargs="?", help="reproduction name (see `sknnmath list`)")
    r.add_argument("--all", action="store_true", help="run every registered reproduction")
    r.add_argument("--out", default="sknnmath_results", help="output directory (default: %(default)s)")
    r.add_argument("--quick", action="store_true", help="small sizes: seconds instead of minutes")
    r.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default: %(default)s)")
    r.add_argument("--random-state", type=int, default=0,
                   help="seed, an integer in [0, 2**32 - 1] (default: %(default)s)")
    r.add_argument("--n-jobs", type=int, default=None,
                   help="joblib jobs for independent work (seeds, widths...); -1: all cores")
    r.add_argument("--dask", action="store_true",
                   help="run the independent work on a local dask.distributed cluster")
    r.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="run the independent work on this dask.distributed scheduler")
    r.add_argument("--quiet", action="store_true",
                   help="no progress lines or bars (tables and file names are still printed)")
    return p


# ---------------------------------------------------------------------- cheap checks
def _check_names(args):
    if args.all == bool(args.name):
        return "give exactly one of NAME or --all"
    if args.name:
        names = _reproduction_names()
        if args.name not in names:
            return f"unknown reproduction {args.name!r}; available: {', '.join(sorted(names))}"
    return None


def _check_out(args):
    if not args.out.strip():
        return "--out must name a directory; got an empty string"
    out = Path(args.out).expanduser()
    if out.exists() and not out.is_dir():
        return f"--out {args.out!r} exists and is not a directory"
    # try it rather than trust permission bits (root passes os.access everywhere)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        return f"--out {args.out!r} is not a writable directory ({exc.strerror or exc})"
    return None


def _check_random_state(args):
    if not 0 <= args.random_state <= 2**32 - 1:
        return f"--random-state must be an integer in [0, 2**32 - 1]; got {args.random_state}"
    return None


def _check_device(args):
    # syntax only (no torch); whether the device exists is checked when a run starts
    if not re.fullmatch(r"auto|cpu|cuda(:\d+)?", args.device):
        return f"Unknown device {args.device!r}; use 'auto', 'cpu', 'cuda' or 'cuda:N'."
    return None


# _check_out creates the directory, so it runs after the checks that cannot
_CHECKS = [_check_names, _check_random_state, _check_device, _check_out]


def _reproduction_names():
    """Names registered with ``@register("name", ...)`` in the topic ``_reproduce*.py`` files.

    Read from the source (``ast``) so that an unknown name is refused without importing
    the topics (and torch); ``tests/test_cli.py`` checks that this equals the registry.
    """
    root = Path(__file__).resolve().parent
    names = set()
    for path in root.glob("*/_reproduce*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "register"
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                names.add(node.args[0].value)
    return names


def _error(msg):
    print(f"error: {msg}", file=sys.stderr)
    return 2


def main(argv=None):
    """Entry point of the ``sknnmath`` console script."""
    args = _parser().parse_args(argv)
    if args.command == "list":
        from sknnmath.reproduce import registry

        reg = registry()
        width = max(len(n) for n in reg) if reg else 0
        for name, rep in reg.items():
            print(f"{name:<{width}}  {rep.description}\n{'':<{width}}  from {rep.document_label}")
        return 0
    for check in _CHECKS:
        msg = check(args)
        if msg:
            return _error(msg)
    from sknnmath._backend import resolve_device  # imports torch
    from sknnmath.reproduce import registry, run

    try:
        resolve_device(args.device)
    except (ValueError, TypeError) as exc:
        return _error(exc)
    if args.dask and args.scheduler:
        return _error("give at most one of --dask and --scheduler")
    names = list(registry()) if args.all else [args.name]
    out = Path(args.out).expanduser()
    with contextlib.ExitStack() as stack:
        if args.dask or args.scheduler:
            try:
                stack.enter_context(_dask_backend(args.scheduler, args.n_jobs))
            except (ImportError, OSError, ValueError) as exc:
                return _error(f"cannot use dask: {exc}")
        for name in names:
            t0 = time.perf_counter()
            print(f"== {name} ({'quick' if args.quick else 'full'} run, device={args.device}) ==",
                  flush=True)
            result = run(name, quick=args.quick, device=args.device,
                         random_state=args.random_state, out=out, n_jobs=args.n_jobs,
                         progress=not args.quiet)
            for p in result.paths_:
                print(f"wrote {p}")
            result.close_figures()  # written to disk; --all would otherwise hold every figure
            print(f"[{name}: {time.perf_counter() - t0:.1f} s]", flush=True)
    return 0


@contextlib.contextmanager
def _dask_backend(scheduler=None, n_jobs=None):
    """joblib's dask backend on a scheduler address, or on a LocalCluster."""
    from distributed import Client, LocalCluster
    from joblib import parallel_config

    with contextlib.ExitStack() as stack:
        if scheduler is None:
            kw = {} if n_jobs is None or n_jobs < 1 else {"n_workers": n_jobs}
            cluster = stack.enter_context(LocalCluster(threads_per_worker=1,
                                                       dashboard_address=None, **kw))
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler, timeout=10))
        print(f"dask: {len(client.scheduler_info()['workers'])} workers at "
              f"{client.scheduler.address}", flush=True)
        stack.enter_context(parallel_config(backend="dask"))
        yield client


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
