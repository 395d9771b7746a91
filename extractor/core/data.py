"""The data files shipped inside the package (vocabularies, the claim pipeline's configuration,
the default feeds and the demo site they point at), found with importlib.resources so that an
installed wheel reads them from wherever it is installed, never from a repository checkout."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from extractor.core.errors import ConfigError

__all__ = ["DATA_DIR", "data_path", "read_yaml"]

# The package is installed as plain files (a wheel, or an editable checkout): the data folder is a
# real directory, which spaCy's config loader and the demo feeds' relative links need.
DATA_DIR = Path(str(resources.files("extractor") / "data"))


def data_path(name: str) -> Path:
    """A shipped data file by name; a missing one is a ConfigError that names it."""
    path = DATA_DIR / name
    if not path.exists():
        raise ConfigError(f"{path}: a data file of the installed package is missing "
                          "(reinstall newsclaims)")
    return path


@cache
def read_yaml(name: str, folder: str | None = None) -> Any:
    """A YAML data file (of ``folder``, default the package's data folder), parsed once."""
    path = Path(folder) / name if folder else data_path(name)
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: malformed YAML ({exc})") from exc
    return loaded
