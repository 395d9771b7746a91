"""Canonical URLs: one address per article, whatever tracking parameters a link carries."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

__all__ = [
    "canonical_url",
    "file_url",
    "is_http_url",
    "path_from_file_url",
    "resolve_link",
    "url_scheme",
]

# Query parameters that identify a campaign or a click, never the page: Google Analytics (utm_*,
# ga_*, _ga, gclid, dclid), Facebook (fbclid), Microsoft (msclkid), Mailchimp (mc_*), Yandex
# (yclid), Instagram (igshid), HubSpot (_hs*), Adobe (s_cid, cmpid), Twitter (ref_src). The list is
# Media Cloud's and courlan's, which normalise millions of news URLs a day this way.
_TRACKING_PREFIXES = ("utm_", "ga_", "mc_", "_hs", "pk_", "at_", "ns_", "oly_", "vero_")
_TRACKING_NAMES = frozenset(
    {
        "_ga",
        "_gl",
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "s_cid",
        "cmpid",
        "ocid",
        "ncid",
        "sr_share",
        "spm",
        "wt_mc",
        "wt.mc_id",
        "smid",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(url: str) -> str:
    """The lower-cased scheme of ``url`` ('' for a relative reference)."""
    m = _SCHEME_RE.match(url.strip())
    return m.group(1).lower() if m else ""


def is_http_url(url: str) -> bool:
    return url_scheme(url) in ("http", "https")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_NAMES or low.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters, fragment, default port; scheme and host lower-cased."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    host = (parts.hostname or "").lower().rstrip(".")
    netloc = host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if not _is_tracking(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def resolve_link(link: str, base: str) -> str:
    """``link`` made absolute against ``base`` (a feed or page URL)."""
    link = link.strip()
    if url_scheme(link):
        return link
    if url_scheme(base) == "file":
        # urljoin() loses the empty host of file:///path; join local paths as paths.
        parts = urlsplit(link)
        if not parts.path:
            return base
        target = Path(unquote(parts.path))
        if not target.is_absolute():
            target = path_from_file_url(base).parent / target
        return Path(os.path.normpath(target)).as_uri()
    return urljoin(base, link)


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def path_from_file_url(url: str) -> Path:
    parts = urlsplit(url)
    return Path(unquote(parts.path))
