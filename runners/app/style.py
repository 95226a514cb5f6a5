"""How the page looks beyond Streamlit's defaults: CSS, the charts' number locale, scrolling.

Streamlit's front end has English texts of its own that no option translates (the file
uploader's "Upload" button, "200MB per file" and an uploaded file's size "1.0KB", the
inputs' "Press Enter to apply"): the
page hides or relabels them with CSS, the label taken from the catalogue. The control bar
(strategy name, "Kjør", progress) stays on screen while the results scroll under it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale

from results.formatting import LOCALES

#: Keys of the page's containers the CSS below addresses (Streamlit adds ``st-key-<key>``).
CONTROLS, RESULTS = "controls", "results"


def hidden(keys: Iterable[str]) -> str:
    """Return a ``<style>`` that hides the containers keyed ``keys`` (a switched-off lever's
    settings: kept on the page so that their values stay, but not shown)."""
    rules = "".join(f".st-key-{key} {{display: none !important;}}\n" for key in keys)
    return f"<style>\n{rules}</style>"


def css(upload_label: str) -> str:
    """Return the page's ``<style>``."""
    return f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"],
[data-testid="InputInstructions"] {{display: none !important;}}
[data-testid="stFileUploaderDropzone"] button > * {{display: none !important;}}
.stFileChip > div > div:nth-child(2) {{display: none !important;}}
[data-testid="stFileUploaderDropzone"] button::after {{content: {json.dumps(upload_label)};}}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {{white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important;}}
[data-testid="stMetricValue"] {{font-size: 1.8rem;}}
[data-testid="stHeader"] {{background-color: white;}}
[data-testid="stSidebar"] {{min-width: 22rem; max-width: 22rem;}}
[data-testid="stMainBlockContainer"] {{padding-top: 4.5rem; padding-bottom: 3rem;}}
div:has(> .st-key-{CONTROLS}) {{position: sticky; top: 3.75rem; z-index: 990;}}
.st-key-{CONTROLS} {{background-color: white; padding: 0.25rem 0 0.5rem 0;
  border-bottom: 1px solid rgba(49, 51, 63, 0.2);}}
.st-key-{RESULTS} {{scroll-margin-top: 9.5rem;}}
h1 {{font-size: 2.2rem !important; padding-top: 0 !important;}}
</style>"""


@cache
def vega_locale(lang: str) -> dict[str, Any]:
    """Return the d3-format locale of ``lang`` from Babel's (CLDR) data, for Vega-Lite's
    axes and tooltips: decimal comma, non-breaking-space thousands and U+2212 minus in
    Norwegian, as `results.formatting` writes the page's figures."""
    symbols = Locale.parse(LOCALES[lang]).number_symbols["latn"]
    return {"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3],
            "currency": ["", ""], "minus": "\u2212", "percent": (
                "\u00a0%" if lang in ("nb", "nn") else "%")}


def locale_config(lang: str) -> dict[str, Any]:
    """Return the Vega-Lite ``config`` that formats a chart's numbers in ``lang`` (Vega's
    ``config.locale``; Streamlit passes no vega-embed ``formatLocale`` through)."""
    return {"locale": {"number": vega_locale(lang)}}


def scroll_script(key: str, marker: str) -> str:
    """Return a script that scrolls the container ``key`` into view once (``marker`` makes
    each result's script a new element, so it runs for each new result)."""
    return (f"<script data-marker={json.dumps(marker)}>setTimeout(function() {{"
            f"var el = document.querySelector('.st-key-{key}');"
            "if (el) { el.scrollIntoView({block: 'start'}); } }, 400);</script>")
