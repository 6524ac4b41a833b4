"""Benchmark of the sidebar's faceted option counts: one pass of `option_counts` (every
counted filter's query under the other filters) on a database, cold (no result cache, as
after a filter change), for no filter and the typical filter set.

    python bench/facets.py --db DB [--reps N]

Prints the pass time (median and worst of N) and each count query's share of it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import TYPICAL  # noqa: E402
from ict_response import queries  # noqa: E402
from ict_response.db import connect_readonly  # noqa: E402
from ict_response.filters import Filters, option_counts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args(argv)
    con = connect_readonly(args.db)
    cases = int(queries.run(con, "headline_figures")["cases"].iloc[0])
    print(f"{args.db}: {cases:,} cases")
    for label, filters in (("no filter", Filters()), ("typical", Filters.from_pairs(TYPICAL))):
        per_query: dict[str, list[float]] = {}

        def run(name: str, f: Filters, params: dict[str, object], per_query=per_query) -> object:
            start = time.perf_counter()
            frame = queries.run(con, name, f, params)
            per_query.setdefault(name, []).append(time.perf_counter() - start)
            return frame

        passes = []
        for _ in range(args.reps):
            start = time.perf_counter()
            option_counts(run, filters)
            passes.append(time.perf_counter() - start)
        print(
            f"  {label}: pass median {statistics.median(passes) * 1000:.0f} ms, "
            f"worst {max(passes) * 1000:.0f} ms over {args.reps}"
        )
        for name, times in per_query.items():
            print(f"    {name}: median {statistics.median(times) * 1000:.1f} ms")
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
