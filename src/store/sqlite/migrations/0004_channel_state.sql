-- Collecting state per channel: the source's cursor (saved in the same
-- transaction as the posts it covers) and the health the API shows.

CREATE TABLE channel_state (
  channel_id            INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  health                TEXT NOT NULL DEFAULT 'new',
  cursor                TEXT NOT NULL DEFAULT '',
  items_collected       INTEGER NOT NULL DEFAULT 0,
  consecutive_failures  INTEGER NOT NULL DEFAULT 0,
  last_attempt_at       INTEGER,
  last_success_at       INTEGER,
  last_error_at         INTEGER,
  last_error            TEXT NOT NULL DEFAULT '',
  next_attempt_at       INTEGER
);

-- A channel's secret (access token, app password, webhook signing secret),
-- kept apart from its settings so that no listing of channels carries it.
CREATE TABLE channel_secrets (
  channel_id  INTEGER PRIMARY KEY REFERENCES channels(id) ON DELETE CASCADE,
  secret      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
