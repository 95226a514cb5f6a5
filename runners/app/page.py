"""The Streamlit script of ``trappa app`` (``streamlit run runners/app/page.py``).

Kept tiny on purpose. Streamlit runs it as ``__main__``, and the process backend's spawned
workers re-import the parent's main module (as ``__mp_main__``): the guard keeps them from
drawing a page, and importing nothing heavy here keeps their start-up short.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    # the library beside this file is the one imported (not another installed copy), so the
    # page and the CLI of this checkout run the same code
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    from runners.app.ui import page

    page()
