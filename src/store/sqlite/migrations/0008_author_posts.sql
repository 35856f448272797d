-- Posts by author, kept in an FTS5 table instead of a B-tree index.
--
-- Posts arrive in time order but their authors in no order: a B-tree index on
-- posts(author_id) takes every new post into a random leaf, so each commit
-- rewrote most of the index's pages into the WAL, and again at checkpoint
-- (a sixth of the time of a batched ingest, and more as authors grow). FTS5
-- writes what a commit adds as one new segment and merges segments
-- incrementally, so a post costs a few bytes written in sequence.
--
-- author_posts holds one row per post (rowid = posts.id) whose only token is
-- the author's id; `author_posts MATCH '12 OR 57'` lists the posts of those
-- authors. It is contentless: deleting a row needs the value it was indexed
-- with, which the triggers below pass.
--
-- Without an index on posts.author_id, the foreign-key check made when an
-- author is deleted scans posts: delete or move an author's posts first.

DROP INDEX posts_by_author;

CREATE VIRTUAL TABLE author_posts USING fts5(
  author_id,
  content = '',
  columnsize = 0,
  detail = none,
  tokenize = 'ascii'
);

INSERT INTO author_posts (rowid, author_id) SELECT id, author_id FROM posts;

-- New posts are indexed by the store's code (as for posts_fts, migration 0005).
CREATE TRIGGER author_posts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO author_posts (author_posts, rowid, author_id) VALUES ('delete', old.id, old.author_id);
END;

CREATE TRIGGER author_posts_update AFTER UPDATE OF author_id ON posts
WHEN old.author_id IS NOT new.author_id BEGIN
  INSERT INTO author_posts (author_posts, rowid, author_id) VALUES ('delete', old.id, old.author_id);
  INSERT INTO author_posts (rowid, author_id) VALUES (new.id, new.author_id);
END;
