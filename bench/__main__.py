"""Run every benchmark and print each figure beside its target.

Usage: python -m bench [name ...]   (names: the modules listed in BENCHMARKS)

A name may pick one part of a module: `python -m bench hq_tickets:escalation` runs only
`escalation_figures()` of bench/hq_tickets.py.
"""

import importlib
import sys

BENCHMARKS = ["seed_speed", "rep_pages", "owner_ordering", "inbox_pages", "hq_orders", "hq_tickets",
              "sync_push", "sync_pull", "sync_concurrency", "lighthouse"]


def main(argv: list[str]) -> int:
    """Run the chosen benchmarks (all by default); exit 1 when a target is missed."""
    chosen = argv or BENCHMARKS
    missed = 0
    for name in chosen:
        name, _, part = name.partition(":")
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}: {module.__doc__.strip().splitlines()[0]}", flush=True)
        figures = getattr(module, f"{part}_figures")() if part else module.run()
        for figure in figures:
            print(figure.line(), flush=True)
            missed += not figure.ok
    print(f"{missed} target(s) missed" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
