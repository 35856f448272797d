-- Alerts: the risk a post carries, alert rules, destinations (their URLs and
-- signing secrets sealed like channel secrets), alerts with their evidence and
-- history, and the deliveries owed to destinations (an outbox: a delivery is
-- kept until sent, or marked failed after its last attempt).

ALTER TABLE posts ADD COLUMN risk REAL;
ALTER TABLE posts ADD COLUMN risks TEXT NOT NULL DEFAULT '';

CREATE TABLE alert_destinations (
  id                    INTEGER PRIMARY KEY,
  workspace_id          INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name                  TEXT NOT NULL,
  kind                  TEXT NOT NULL,
  recipients            TEXT NOT NULL DEFAULT '',
  url_hint              TEXT NOT NULL DEFAULT '',
  url                   TEXT NOT NULL DEFAULT '',  -- sealed
  signing_secret        TEXT NOT NULL DEFAULT '',  -- sealed, or empty
  enabled               INTEGER NOT NULL DEFAULT 1,
  consecutive_failures  INTEGER NOT NULL DEFAULT 0,
  last_error            TEXT NOT NULL DEFAULT '',
  last_success_at       INTEGER,
  last_failure_at       INTEGER,
  created_at            INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE alert_rules (
  id            INTEGER PRIMARY KEY,
  workspace_id  INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name          TEXT NOT NULL,
  detector      TEXT NOT NULL,
  topics        TEXT NOT NULL DEFAULT '',        -- topic ids, comma-separated; empty: all
  sensitivity   TEXT NOT NULL DEFAULT 'medium',
  threshold     REAL,
  severity      TEXT NOT NULL DEFAULT 'warning',
  quiet_start   INTEGER,                         -- minutes after local midnight
  quiet_end     INTEGER,
  destinations  TEXT NOT NULL DEFAULT '',        -- destination ids, comma-separated
  enabled       INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (workspace_id, name)
);

CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY,
  workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  topic_id         INTEGER REFERENCES topics(id) ON DELETE SET NULL,
  state            TEXT NOT NULL DEFAULT 'open',
  severity         TEXT NOT NULL,
  title            TEXT NOT NULL,
  body_json        TEXT NOT NULL,  -- topics, detectors, rules, figures, evidence, terms, chart
  assignee         INTEGER REFERENCES users(id) ON DELETE SET NULL,
  acknowledged_by  INTEGER REFERENCES users(id) ON DELETE SET NULL,
  resolved_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
  resolution       TEXT NOT NULL DEFAULT '',
  opened_at        INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_trigger_at  INTEGER NOT NULL,
  acknowledged_at  INTEGER,
  resolved_at      INTEGER
);

CREATE INDEX alerts_by_time ON alerts (workspace_id, opened_at DESC, id DESC);
CREATE INDEX alerts_not_resolved ON alerts (workspace_id, state) WHERE state != 'resolved';

CREATE TABLE alert_events (
  id        INTEGER PRIMARY KEY,
  alert_id  INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at        INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  actor     TEXT NOT NULL,
  detail    TEXT NOT NULL DEFAULT ''
);

CREATE INDEX alert_events_by_alert ON alert_events (alert_id, id);

CREATE TABLE alert_deliveries (
  id               INTEGER PRIMARY KEY,
  workspace_id     INTEGER NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  alert_id         INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  destination_id   INTEGER NOT NULL REFERENCES alert_destinations(id) ON DELETE CASCADE,
  event            TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending',
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  next_attempt_at  INTEGER NOT NULL,
  sent_at          INTEGER
);

CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_deliveries_by_alert ON alert_deliveries (alert_id, id);

-- Workspaces made before alerts get the rules new ones start with (see
-- alerts::DefaultRules): every detector at medium sensitivity, in the app only.
INSERT INTO alert_rules (workspace_id, name, detector, severity, created_at, updated_at)
SELECT w.id, d.name, d.detector, d.severity, CAST(strftime('%s', 'now') AS INTEGER) * 1000,
       CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM workspaces w,
     (SELECT 'Volume spikes' AS name, 'volume_spike' AS detector, 'warning' AS severity
      UNION ALL SELECT 'Sentiment shifts', 'sentiment_shift', 'warning'
      UNION ALL SELECT 'Risky posts', 'risky_post', 'warning'
      UNION ALL SELECT 'Influential authors', 'influential_author', 'warning'
      UNION ALL SELECT 'Emerging terms', 'emerging_term', 'info') d;
