"""The package's command line: ``python -m geo.validate [DATA_DIR]``.

Kept apart from `geo.validate` (the checks), which `geo.load` imports: the command
loads a dataset, so living in `geo.validate` it made the two modules import each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

from geo.load import load_dataset

__all__ = ["validate_main"]


def validate_main(argv: list[str] | None = None) -> int:
    """Validate a data directory, print every problem, exit non-zero if any.

    Usage: ``python -m geo.validate [DATA_DIR]`` (default ``data``).
    """
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else Path("data")
    dataset = load_dataset(data_dir)
    for problem in dataset.problems:
        print(problem)
    counts = ", ".join(
        f"{len(frame)} {label}"
        for label, frame in (
            ("events", dataset.events),
            ("claims", dataset.claims),
            ("sources", dataset.sources),
            ("places", dataset.places),
            ("segments", dataset.segments),
            ("enclaves", dataset.enclaves),
        )
    )
    verdict = f"{len(dataset.problems)} problem(s)" if dataset.problems else "no problems"
    print(f"{data_dir}: {verdict}; valid rows: {counts}")
    return 1 if dataset.problems else 0
