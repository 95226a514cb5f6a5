"""The web app's texts: the catalogue's keys ``app.*`` (``results/catalogue.toml``), in
Norwegian bokmål (default), nynorsk and English.

``t("run", lang)`` is ``label("app.run", lang)``; texts the CLI and the report already have
are taken without the prefix (``results_label``).
"""

from __future__ import annotations

from results.labels import LANGS, number
from results.labels import label as results_label

__all__ = ["LANGS", "PREFIX", "number", "results_label", "t"]

#: The app's keys in the one catalogue start with this.
PREFIX = "app."


def t(key: str, lang: str = "nb", **fmt: object) -> str:
    """Return the app text ``key`` in ``lang`` (bokmål by default), formatted."""
    return results_label(PREFIX + key, lang, **fmt)
