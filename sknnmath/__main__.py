"""Command line: ``sknnmath list`` and ``sknnmath reproduce NAME|--all``."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path


def _parser():
    p = argparse.ArgumentParser(
        prog="sknnmath",
        description="Reproduce the figures of the sknnmath documents, with numbers.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the registered reproductions")
    r = sub.add_parser("reproduce", help="run a reproduction and write its figures and tables")
    r.add_argument("name", nargs="?", help="reproduction name (see `sknnmath list`)")
    r.add_argument("--all", action="store_true", help="run every registered reproduction")
    r.add_argument("--out", default="sknnmath_results", help="output directory (default: %(default)s)")
    r.add_argument("--quick", action="store_true", help="small sizes: seconds instead of minutes")
    r.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default: %(default)s)")
    r.add_argument("--random-state", type=int, default=0, help="seed (default: %(default)s)")
    r.add_argument("--n-jobs", type=int, default=None,
                   help="joblib jobs for independent work (seeds, widths...); -1: all cores")
    r.add_argument("--dask", action="store_true",
                   help="run the independent work on a local dask.distributed cluster")
    r.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                   help="run the independent work on this dask.distributed scheduler")
    r.add_argument("--quiet", action="store_true",
                   help="no progress lines or bars (tables and file names are still printed)")
    return p


def main(argv=None):
    """Entry point of the ``sknnmath`` console script."""
    args = _parser().parse_args(argv)
    from sknnmath.reproduce import registry, run

    reg = registry()
    if args.command == "list":
        width = max(len(n) for n in reg) if reg else 0
        for name, rep in reg.items():
            print(f"{name:<{width}}  {rep.description}\n{'':<{width}}  from {rep.document_label}")
        return 0
    if args.all == bool(args.name):
        print("error: give exactly one of NAME or --all", file=sys.stderr)
        return 2
    names = list(reg) if args.all else [args.name]
    unknown = [n for n in names if n not in reg]
    if unknown:
        print(f"error: unknown reproduction {unknown[0]!r}; available: {', '.join(reg)}", file=sys.stderr)
        return 2
    try:
        from sknnmath._backend import resolve_device

        resolve_device(args.device)
    except (ValueError, TypeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.dask and args.scheduler:
        print("error: give at most one of --dask and --scheduler", file=sys.stderr)
        return 2
    out = Path(args.out)
    with contextlib.ExitStack() as stack:
        if args.dask or args.scheduler:
            try:
                stack.enter_context(_dask_backend(args.scheduler, args.n_jobs))
            except (ImportError, OSError, ValueError) as exc:
                print(f"error: cannot use dask: {exc}", file=sys.stderr)
                return 2
        for name in names:
            t0 = time.perf_counter()
            print(f"== {name} ({'quick' if args.quick else 'full'} run, device={args.device}) ==",
                  flush=True)
            result = run(name, quick=args.quick, device=args.device,
                         random_state=args.random_state, out=out, n_jobs=args.n_jobs,
                         progress=not args.quiet)
            for p in result.paths_:
                print(f"wrote {p}")
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
