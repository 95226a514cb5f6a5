"""``python -m runners`` is the ``trappa`` command."""

from runners.cli import main

raise SystemExit(main())
