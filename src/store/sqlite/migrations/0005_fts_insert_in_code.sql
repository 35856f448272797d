-- New posts enter the full-text index from the store's code, right after
-- their row, instead of from a trigger: a trigger makes every insert a
-- multi-row statement, which costs SQLite a statement journal and FTS5 a
-- flush of its pending terms at each one (most of the time of a batched
-- ingest). Deletes and text edits keep their triggers: they are rare.
DROP TRIGGER posts_fts_insert;
