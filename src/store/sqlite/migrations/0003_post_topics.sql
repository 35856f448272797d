-- Which topics each post matched.

CREATE TABLE post_topics (
  post_id   INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  topic_id  INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  PRIMARY KEY (topic_id, post_id)
) WITHOUT ROWID;

CREATE INDEX post_topics_by_post ON post_topics (post_id);
