"""The app server's process: the page's modules imported and the workers started before
Streamlit serves its first visitor (``python -m runners.app.serve <streamlit options>``).

``streamlit run page.py`` would import the engine (about 2 s on the 2-core machine) and
start the worker processes during the first visitor's first page; here that happens while
the server starts (`runners.app.ui.warm`: with the catalogue, the first municipality and
its scenarios loaded, and the default strategy's file written), so the first page only
draws. The page script then finds the modules
already imported (the same process, the same ``sys.modules``).
"""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = Path(__file__).with_name("page.py")


def main(argv: list[str]) -> int:
    """Import the page's modules, start the workers, then run Streamlit's ``run PAGE``."""
    from runners.app import ui, views  # noqa: F401 - imported once, for every page

    ui.warm()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(PAGE), *argv]
    return int(cli.main(standalone_mode=False) or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
