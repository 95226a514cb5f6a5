"""The app's own cache folder: the only place the app writes.

``$TRAPPA_APP_CACHE`` if set (tests point it at a temporary folder), else
``$XDG_CACHE_HOME/trappa/app``, else ``~/.cache/trappa/app``: outside the repository, the
installed packages and the user's own files.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

ENV = "TRAPPA_APP_CACHE"


def cache_dir() -> Path:
    """Return the cache folder (created on first use)."""
    explicit = os.environ.get(ENV)
    if explicit:
        root = Path(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "trappa" / "app"
    root.mkdir(parents=True, exist_ok=True)
    return root


def subdir(*parts: str) -> Path:
    """Return (and create) a folder inside the cache."""
    path = cache_dir().joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def digest(data: Any, length: int = 16) -> str:
    """Return a short, stable hash of JSON-able data (a cache key)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
