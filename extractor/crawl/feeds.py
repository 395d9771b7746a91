"""feeds.yaml -> Feed records, and feed bodies -> FeedEntry records (via feedparser)."""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import feedparser
import yaml

from extractor.core.dates import full_time, parse_published
from extractor.core.errors import ConfigError
from extractor.core.records import Feed, FeedEntry
from extractor.crawl.urls import canonical_url, file_url, is_http_url, resolve_link, url_scheme

__all__ = ["ParsedFeed", "load_feeds", "parse_duration", "parse_feed"]

_FEED_KEYS = {"name", "url", "interval", "enabled", "tags", "outlet"}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
# A feed polled more often than once a minute is abusive, whatever the config says.
MIN_INTERVAL = 60


def parse_duration(value: object) -> int | None:
    """Seconds from ``900``, ``"15m"``, ``"1h"``, ``"2d"``; None when it is not a duration."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        m = _DURATION.match(value)
        if m:
            return int(float(m.group(1)) * _UNIT_SECONDS[m.group(2).lower()])
    return None


def _where(path: Path, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}"


def _scalar(node: yaml.Node) -> Any:
    """The Python value of a scalar node, typed as YAML would type it."""
    return yaml.safe_load(yaml.serialize(node))


def load_feeds(path: Path) -> list[Feed]:
    """The feeds listed in a feeds.yaml; a malformed file raises ConfigError naming file:line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: feeds file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read feeds file ({exc})") from exc
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and mark and mark.line >= len(text.splitlines()):
            mark = exc.context_mark  # "unexpected end of file": point at what was left open
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{path}:{line}: not valid YAML ({exc.problem or exc})") from exc
    if root is None or not isinstance(root, yaml.MappingNode):
        raise ConfigError(f"{path}:1: expected a mapping with a 'feeds:' list")
    feeds_node = None
    for key, value in root.value:
        if key.value == "feeds":
            feeds_node = value
        else:
            raise ConfigError(f"{_where(path, key)}: unknown top-level key {key.value!r}")
    if feeds_node is None:
        raise ConfigError(f"{path}:1: missing 'feeds:' list")
    if isinstance(feeds_node, yaml.ScalarNode) and feeds_node.value in ("", "~", "null"):
        return []
    if not isinstance(feeds_node, yaml.SequenceNode):
        raise ConfigError(f"{_where(path, feeds_node)}: 'feeds' must be a list of {{name, url}}")
    feeds: list[Feed] = []
    seen: dict[str, str] = {}
    for item in feeds_node.value:
        feed = _feed(path, item)
        if feed.name in seen:
            raise ConfigError(
                f"{_where(path, item)}: duplicate feed name {feed.name!r} "
                f"(first at line {seen[feed.name]})"
            )
        seen[feed.name] = str(item.start_mark.line + 1)
        feeds.append(feed)
    return feeds


def _feed(path: Path, node: yaml.Node) -> Feed:
    where = _where(path, node)
    if not isinstance(node, yaml.MappingNode):
        raise ConfigError(f"{where}: each feed must be a mapping with 'name' and 'url'")
    values: dict[str, Any] = {}
    for key, value in node.value:
        k = key.value
        if k not in _FEED_KEYS:
            raise ConfigError(f"{_where(path, key)}: unknown feed key {k!r} "
                              f"(expected one of {', '.join(sorted(_FEED_KEYS))})")
        if k == "tags":
            if not isinstance(value, yaml.SequenceNode) or not all(
                isinstance(v, yaml.ScalarNode) for v in value.value
            ):
                raise ConfigError(f"{_where(path, value)}: 'tags' must be a list of strings")
            values[k] = tuple(str(v.value) for v in value.value)
        elif isinstance(value, yaml.ScalarNode) and k in ("name", "url", "outlet"):
            # Text as written: a feed called `off` or `2024` is a name, not a boolean or a number.
            values[k] = (value.value, _where(path, value))
        elif isinstance(value, yaml.ScalarNode):
            values[k] = (_scalar(value), _where(path, value))
        else:
            raise ConfigError(f"{_where(path, value)}: {k!r} must be a single value")
    for required in ("name", "url"):
        if required not in values or values[required][0] in (None, ""):
            raise ConfigError(f"{where}: feed is missing {required!r}")
    name, name_at = values["name"]
    url, url_at = values["url"]
    if not isinstance(name, str):
        raise ConfigError(f"{name_at}: 'name' must be a string")
    if not isinstance(url, str):
        raise ConfigError(f"{url_at}: 'url' must be a string")
    scheme = url_scheme(url)
    if scheme in ("http", "https", "file"):
        resolved = url
    elif scheme and len(scheme) > 1:  # "c:" is a Windows drive, not a scheme
        raise ConfigError(f"{url_at}: unsupported URL scheme {scheme!r} (http, https or file)")
    else:
        resolved = file_url(path.parent / url)
    feed: dict[str, Any] = {"name": name, "url": resolved}
    if "interval" in values:
        seconds = parse_duration(values["interval"][0])
        if seconds is None:
            raise ConfigError(
                f"{values['interval'][1]}: 'interval' must be seconds or like 15m, 1h, 1d"
            )
        if seconds < MIN_INTERVAL:
            raise ConfigError(f"{values['interval'][1]}: 'interval' must be at least 1m")
        feed["interval"] = seconds
    if "enabled" in values:
        if not isinstance(values["enabled"][0], bool):
            raise ConfigError(f"{values['enabled'][1]}: 'enabled' must be true or false")
        feed["enabled"] = values["enabled"][0]
    if "outlet" in values:
        feed["outlet"] = str(values["outlet"][0])
    if "tags" in values:
        feed["tags"] = values["tags"]
    return Feed(**feed)


@dataclass(frozen=True)
class ParsedFeed:
    entries: tuple[FeedEntry, ...]
    problems: tuple[str, ...]  # one line each: what is wrong with the feed or one of its links
    title: str | None = None


def _iso(struct: time.struct_time | None, raw: str | None = None) -> str | None:
    """An entry's date as ISO 8601: with the offset the feed wrote when its text gives one
    (feedparser's parsed form is converted to UTC, which moves the outlet's calendar day), else
    from feedparser's UTC form; a day alone when the feed gives no time."""
    if not struct:
        return None
    utc = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(calendar.timegm(struct)))
    when = parse_published(raw)
    if isinstance(when, datetime):
        if when.tzinfo is None or when.astimezone(UTC) != datetime.fromisoformat(utc):
            return utc  # no offset written, or feedparser read it otherwise: trust its reading
        return full_time(raw) or when.date().isoformat()  # midnight: a day alone
    if isinstance(when, date):
        return when.isoformat()
    return utc


_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


def parse_feed(
    body: bytes,
    *,
    feed: str,
    base_url: str,
    local: bool = False,
    content_type: str | None = None,
) -> ParsedFeed:
    """Entries of an RSS/Atom feed body; what could not be parsed is listed in ``problems``.

    ``local`` is true for a feed read from a local file: its links may then point to local files
    (relative to the feed). Links in a remote feed must be http(s).
    """
    problems: list[str] = []
    if not body.strip():
        return ParsedFeed((), (f"{base_url}: empty feed",))
    # No content-location: feedparser's own urljoin mangles file: URLs; links are resolved below.
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    exc = parsed.get("bozo_exception")
    # A wrong or missing content type or charset label is the server's slip, not a broken feed:
    # feedparser recovers from both without loss.
    if parsed.get("bozo") and not isinstance(exc, _BENIGN):
        problems.append(f"{base_url}: malformed feed ({type(exc).__name__}: {exc})")
    if not parsed.get("version") and not parsed.entries:
        problems.append(f"{base_url}: not an RSS or Atom feed")
        return ParsedFeed((), tuple(dict.fromkeys(problems)))
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    allowed = ("http", "https", "file") if local else ("http", "https")
    for n, e in enumerate(parsed.entries, start=1):
        link = e.get("link") or (e.get("id") if is_http_url(e.get("id") or "") else None)
        if not link:
            problems.append(f"{base_url}: entry {n} has no link")
            continue
        try:
            url = resolve_link(link, base_url)
            key = canonical_url(url)
        except ValueError as exc:  # e.g. "http://[::1/x": an unclosed IPv6 literal
            problems.append(f"{link}: invalid link in feed {base_url} ({exc})")
            continue
        if url_scheme(url) not in allowed:
            problems.append(
                f"{url}: refused link with scheme {url_scheme(url) or 'none'!r} in feed "
                f"{base_url} (only {'/'.join(allowed)} allowed)"
            )
            continue
        if key in seen:
            continue  # the same article listed twice in one feed
        seen.add(key)
        entries.append(
            FeedEntry(
                feed=feed,
                url=url,
                title=e.get("title"),
                published=_iso(e.get("published_parsed") or e.get("updated_parsed"),
                               e.get("published") if e.get("published_parsed")
                               else e.get("updated")),
                author=e.get("author"),
                summary=e.get("summary"),
                entry_id=e.get("id"),
            )
        )
    return ParsedFeed(tuple(entries), tuple(problems), parsed.get("feed", {}).get("title"))
