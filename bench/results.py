"""Write a benchmark's figures where `make bench` collects them."""

import json
import logging
from pathlib import Path

logger = logging.getLogger("bench")


def write_results(path, results):
    """Write ``results`` as indented JSON to ``path`` (creating its folder) and log where."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", path)
