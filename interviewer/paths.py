"""Where the data home is. Kept free of pydantic so the app can find it before its first paint."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "INTERVIEWER_HOME"


def default_home() -> Path:
    value = os.environ.get(HOME_ENV)
    if value:
        return Path(value).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ml-interviewer", appauthor=False))
