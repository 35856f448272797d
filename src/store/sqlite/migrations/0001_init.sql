-- Workspaces, channels, authors, topics and posts.
-- Times are Unix milliseconds (UTC).

CREATE TABLE workspaces (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL DEFAULT 'UTC',
  created_at  INTEGER NOT NULL
);

CREATE TABLE channels (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  platform      TEXT NOT NULL,
  name          TEXT NOT NULL,
  config_json   TEXT NOT NULL DEFAULT '{}',
  enabled       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE authors (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  platform      TEXT NOT NULL,
  handle        TEXT NOT NULL,
  display_name  TEXT NOT NULL DEFAULT '',
  followers     INTEGER NOT NULL DEFAULT 0,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  UNIQUE (workspace_id, platform, handle)
);

CREATE TABLE topics (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  query         TEXT NOT NULL,
  kind          TEXT NOT NULL DEFAULT 'other',
  color         TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE posts (
  id                  INTEGER PRIMARY KEY,
  workspace_id        INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  channel_id          INTEGER REFERENCES channels(id) ON DELETE SET NULL,
  platform            TEXT NOT NULL,
  external_id         TEXT NOT NULL,
  author_id           INTEGER NOT NULL REFERENCES authors(id),
  text                TEXT NOT NULL,
  lang                TEXT NOT NULL DEFAULT 'und',
  url                 TEXT NOT NULL DEFAULT '',
  parent_external_id  TEXT NOT NULL DEFAULT '',
  published_at        INTEGER NOT NULL,
  collected_at        INTEGER NOT NULL,
  likes               INTEGER NOT NULL DEFAULT 0,
  shares              INTEGER NOT NULL DEFAULT 0,
  replies             INTEGER NOT NULL DEFAULT 0,
  reach               INTEGER NOT NULL DEFAULT 0,
  sentiment           REAL,
  UNIQUE (workspace_id, platform, external_id)
);

CREATE INDEX posts_by_time ON posts (workspace_id, published_at DESC, id DESC);
CREATE INDEX posts_by_author ON posts (author_id, published_at DESC);
