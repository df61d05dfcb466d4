"""The database schema as an ordered list of migrations; `PRAGMA user_version` records how many ran.

Append a migration to change the schema; never edit one that has shipped.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS"]

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- readers type "World" for "world"
    title         TEXT NOT NULL DEFAULT '',
    every         INTEGER NOT NULL DEFAULT 600 CHECK (every >= 1),
    from_config   INTEGER NOT NULL DEFAULT 0,
    paused        INTEGER NOT NULL DEFAULT 0,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    REAL,
    last_success  REAL,
    last_error    TEXT,
    failures      INTEGER NOT NULL DEFAULT 0,
    next_due      REAL,
    created       REAL NOT NULL
);

CREATE TABLE chats (
    id              INTEGER PRIMARY KEY,
    telegram_id     TEXT NOT NULL UNIQUE,   -- a numeric id as text, or @username for a channel
    kind            TEXT NOT NULL CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    title           TEXT NOT NULL DEFAULT '',
    lang            TEXT,
    active          INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    created         REAL NOT NULL
);

CREATE TABLE feed_channels (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    PRIMARY KEY (feed_id, chat_id)
);

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    feed_id     INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
    url         TEXT UNIQUE,               -- canonical URL
    guid        TEXT,
    fingerprint TEXT NOT NULL,
    title       TEXT NOT NULL,
    lang        TEXT NOT NULL,
    published   REAL,
    site        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    summary     TEXT NOT NULL DEFAULT '',
    paragraphs  TEXT NOT NULL,             -- JSON list of strings
    related     TEXT NOT NULL DEFAULT '[]',-- JSON list of [title, url]
    images      TEXT NOT NULL DEFAULT '[]',-- JSON list of [url, caption, credit]
    ts          REAL NOT NULL,             -- published, or when stored: the order of /latest
    created     REAL NOT NULL
);
CREATE UNIQUE INDEX articles_guid ON articles (feed_id, guid) WHERE guid IS NOT NULL;
CREATE UNIQUE INDEX articles_fingerprint ON articles (fingerprint);
CREATE INDEX articles_ts ON articles (ts DESC, id DESC);
CREATE INDEX articles_feed_ts ON articles (feed_id, ts DESC, id DESC);
CREATE INDEX articles_created ON articles (created);

-- Normalised title and text (see content.normalize): unicode61 alone splits Arabic at harakat.
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61');

CREATE TABLE subscriptions (
    id      INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    feed_id INTEGER REFERENCES feeds(id) ON DELETE CASCADE,   -- NULL: every feed
    include TEXT NOT NULL DEFAULT '[]',   -- JSON list of normalised words that must all appear
    exclude TEXT NOT NULL DEFAULT '[]',   -- JSON list of normalised words that must not appear
    created REAL NOT NULL
);
CREATE UNIQUE INDEX subscriptions_once ON subscriptions (chat_id, IFNULL(feed_id, 0));
CREATE INDEX subscriptions_feed ON subscriptions (feed_id);

CREATE TABLE batches (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('push', 'broadcast')),
    admin_id  INTEGER,
    text      TEXT,
    cancelled INTEGER NOT NULL DEFAULT 0,
    created   REAL NOT NULL
);

CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    batch_id   INTEGER REFERENCES batches(id) ON DELETE CASCADE,
    priority   INTEGER NOT NULL,          -- 0 channel post, 1 subscriber, 2 broadcast
    kind       TEXT NOT NULL CHECK (kind IN ('post', 'push', 'broadcast')),
    text       TEXT,                      -- the message of a broadcast
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_try   REAL NOT NULL,
    error      TEXT,
    message_id INTEGER,
    created    REAL NOT NULL,
    sent_at    REAL
);
-- An article is posted to a chat once; only an admin's /push may send it again.
CREATE UNIQUE INDEX outbox_once ON outbox (article_id, chat_id) WHERE kind = 'post';
CREATE INDEX outbox_due ON outbox (state, priority, next_try, id);
CREATE INDEX outbox_chat ON outbox (chat_id, state);
CREATE INDEX outbox_batch ON outbox (batch_id, state);
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    at      REAL NOT NULL,
    user_id INTEGER,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
);

-- Admin notices already sent, so each problem reaches the admins once.
CREATE TABLE notices (
    key TEXT PRIMARY KEY,
    at  REAL NOT NULL
);
"""

# v2: look up articles of a feed by guid fast when a feed re-sends old items.
_V2 = """
CREATE INDEX articles_feed_guid ON articles (guid);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
