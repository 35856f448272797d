-- Accounts: users, their roles in workspaces, sign-in sessions, API tokens,
-- one-time links (first owner, invitations) and the audit log.
-- Secrets (session and API tokens, links) are stored as SHA-256 hashes only;
-- passwords as argon2id hashes.

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name   TEXT NOT NULL DEFAULT '',
  password_hash  TEXT NOT NULL DEFAULT '',  -- empty until an invitation is accepted
  locale         TEXT NOT NULL DEFAULT 'en',
  time_zone      TEXT NOT NULL DEFAULT 'UTC',
  admin          INTEGER NOT NULL DEFAULT 0,  -- may create workspaces, sees them all
  created_at     INTEGER NOT NULL
);

CREATE TABLE memberships (
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role          TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
) WITHOUT ROWID;

CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  user_agent    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  created_by    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  revoked_at    INTEGER
);

CREATE TABLE one_time_links (
  token_hash  TEXT PRIMARY KEY,
  purpose     TEXT NOT NULL,  -- 'setup' (first owner) or 'invitation'
  user_id     INTEGER REFERENCES users(id) ON DELETE CASCADE,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER REFERENCES workspaces(id) ON DELETE CASCADE,
  actor         TEXT NOT NULL,  -- "user:3 marie@agence.fr", "token:2 zapier", "system"
  action        TEXT NOT NULL,  -- "PATCH /api/workspaces/{workspace}/topics/{id}"
  target        TEXT NOT NULL DEFAULT '',
  before_json   TEXT,
  after_json    TEXT,
  at            INTEGER NOT NULL
);

CREATE INDEX audit_by_workspace ON audit_log (workspace_id, id DESC);
