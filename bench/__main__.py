"""Run benchmarks: ``python -m bench [NAME ...]``, or one with its options: ``python -m bench NAME --opt ...``."""

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
# Run by name only: they fit many models and are not part of `make bench`.
ANALYSES = ["selection", "probes"]


def split_arguments(args):
    """Return ``(names, options)``: the benchmark names, and the options for the one benchmark named.

    Options (anything from the first argument that starts with ``-``) go to a single benchmark, so
    ``python -m bench realnews --data FILE`` works as ``python -m bench.realnews --data FILE`` does.
    """
    first_option = next((i for i, arg in enumerate(args) if arg.startswith("-")), len(args))
    names, options = list(args[:first_option]), list(args[first_option:])
    unknown = [name for name in names if name not in BENCHMARKS + ANALYSES]
    if unknown:
        raise ValueError(f"unknown benchmark {unknown[0]!r}; choose from {', '.join(BENCHMARKS + ANALYSES)}")
    if options and len(names) != 1:
        raise ValueError(
            f"options ({' '.join(options)}) go to one benchmark: name exactly one before them, "
            "e.g. python -m bench realnews --data FILE"
        )
    return names or BENCHMARKS, options


def main(argv=None):
    """Run the named benchmarks (all of ``make bench``'s when none is named), passing options to a single one."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        names, options = split_arguments(argv if argv is not None else sys.argv[1:])
    except ValueError as error:
        logging.getLogger("bench").error("%s", error)
        return 2
    status = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        status |= module.main(options) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
