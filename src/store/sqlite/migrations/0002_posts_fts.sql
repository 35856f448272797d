-- Full-text index over post text, case- and accent-insensitive
-- ("café" finds "cafe" and "CAFÉ"), kept in step with posts by triggers.

CREATE VIRTUAL TABLE posts_fts USING fts5(
  text,
  content = 'posts',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER posts_fts_update AFTER UPDATE OF text ON posts
WHEN old.text IS NOT new.text BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO posts_fts (rowid, text) VALUES (new.id, new.text);
END;

-- Index the posts stored before this migration.
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
