"""Run every benchmark in turn: ``python -m bench [NAME ...]``."""

import importlib
import logging
import sys

# Each module has a main(argv) that measures, logs and writes bench-results/<name>.json.
BENCHMARKS = [
    "realnews",
    "attribution",
    "batch",
    "analyze_corpus",
    "lifecycle",
    "http",
    "web",
    "feedback",
    "benchmarks",
    "summarize",
]


def main(argv=None):
    """Run the named benchmarks, or all of them."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    names = (argv if argv is not None else sys.argv[1:]) or BENCHMARKS
    status = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        status |= module.main([]) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
