"""Command line: ``sknnmath list`` and ``sknnmath reproduce NAME|--all``."""

from __future__ import annotations

import argparse
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
    return p


def main(argv=None):
    """Entry point of the ``sknnmath`` console script."""
    args = _parser().parse_args(argv)
    from sknnmath.reproduce import registry, run

    reg = registry()
    if args.command == "list":
        width = max(len(n) for n in reg) if reg else 0
        for name, rep in reg.items():
            print(f"{name:<{width}}  [document {rep.document}]  {rep.description}")
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
    out = Path(args.out)
    for name in names:
        t0 = time.perf_counter()
        print(f"== {name} ({'quick' if args.quick else 'full'} run, device={args.device}) ==", flush=True)
        result = run(name, quick=args.quick, device=args.device, random_state=args.random_state, out=out)
        for p in result.paths_:
            print(f"wrote {p}")
        print(f"[{name}: {time.perf_counter() - t0:.1f} s]", flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
