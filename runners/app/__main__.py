"""``python -m runners.app``: the ``app`` command on its own, until the CLI registers it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from models.errors import TrappaError
from runners.app.command import register


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``app`` options and serve the page; a bad option or folder is one line."""
    parser = argparse.ArgumentParser(prog="trappa")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(["app", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.func(args))
    except TrappaError as exc:
        from results.labels import label

        # the page is in bokmål, and so is its command's line (no --lang)
        print(label("cli.error", "nb", message=str(exc)), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
