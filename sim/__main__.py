"""``python -m sim`` is the ``trappa`` command."""

from runners.cli import main

raise SystemExit(main())
