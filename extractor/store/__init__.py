"""The store: the only code that knows the database schema.

Everything else hands it records (``extractor.core.records``) and gets records back. One module
per group of tables; this package re-exports their functions, so callers write ``store.X``.
"""

from extractor.store.articles import (
    add_article_urls,
    article_from_row,
    article_id_for_url,
    articles_by_id,
    compress,
    decompress,
    get_article,
    iter_articles,
    save_article,
)
from extractor.store.claims import claims_by_article, iter_claims, replace_claims
from extractor.store.fetches import (
    feed_state,
    last_fetch,
    record_fetch,
    robots_answers,
    save_feed_config,
    save_robots,
    update_feed_state,
)
from extractor.store.rows import from_row, now, to_row
from extractor.store.schema import (
    SCHEMA_VERSION,
    SchemaError,
    db_path,
    migrate,
    open_db,
    schema_version,
    transaction,
)
from extractor.store.stories import (
    article_digests,
    clear_reconciliation,
    delete_story,
    iter_facts,
    iter_findings,
    iter_stories,
    reconcile_inputs,
    replace_story,
    story_counts,
    story_members,
    write_stories,
)

__all__ = [
    "SCHEMA_VERSION",
    "SchemaError",
    "add_article_urls",
    "article_digests",
    "article_from_row",
    "article_id_for_url",
    "articles_by_id",
    "claims_by_article",
    "clear_reconciliation",
    "compress",
    "db_path",
    "decompress",
    "delete_story",
    "feed_state",
    "from_row",
    "get_article",
    "iter_articles",
    "iter_claims",
    "iter_facts",
    "iter_findings",
    "iter_stories",
    "last_fetch",
    "migrate",
    "now",
    "open_db",
    "reconcile_inputs",
    "record_fetch",
    "replace_claims",
    "replace_story",
    "robots_answers",
    "save_article",
    "save_feed_config",
    "save_robots",
    "schema_version",
    "story_counts",
    "story_members",
    "to_row",
    "transaction",
    "update_feed_state",
    "write_stories",
]
