// SQLite Store: posts (batched idempotent upsert, filtered listing, search).
#include <charconv>
#include <set>
#include <string>
#include <unordered_map>

#include "store/sqlite/fts_query.h"
#include "store/sqlite/sqlite_store_impl.h"
#include "tribu/core/platform.h"

namespace tribu::sqlite {

namespace {

constexpr std::string_view kPostSelect =
    "SELECT p.id, p.workspace_id, p.channel_id, p.platform, p.external_id, a.id, a.handle, "
    "a.display_name, a.followers, p.text, p.lang, p.url, p.parent_external_id, p.published_at, "
    "p.collected_at, p.likes, p.shares, p.replies, p.reach, p.sentiment, p.risk, p.risks, "
    "(SELECT group_concat(topic_id) FROM post_topics pt WHERE pt.post_id = p.id) "
    "FROM posts p JOIN authors a ON a.id = p.author_id ";

Post ReadPost(const Statement& s) {
  Post p;
  p.id = PostId{s.Int(0)};
  p.workspace_id = WorkspaceId{s.Int(1)};
  if (!s.IsNull(2)) p.channel_id = ChannelId{s.Int(2)};
  p.platform = s.Text(3);
  p.external_id = s.Text(4);
  p.author.id = AuthorId{s.Int(5)};
  p.author.platform = p.platform;
  p.author.handle = s.Text(6);
  p.author.display_name = s.Text(7);
  p.author.followers = s.Int(8);
  p.text = s.Text(9);
  p.lang = s.Text(10);
  p.url = s.Text(11);
  p.parent_external_id = s.Text(12);
  p.published_at = FromUnixMillis(s.Int(13));
  p.collected_at = FromUnixMillis(s.Int(14));
  p.metrics = {s.Int(15), s.Int(16), s.Int(17), s.Int(18)};
  if (!s.IsNull(19)) p.sentiment = s.Double(19);
  if (!s.IsNull(20)) p.risk = s.Double(20);
  const std::string risks = s.Text(21);
  for (std::size_t at = 0; at < risks.size();) {
    std::size_t comma = std::min(risks.find(',', at), risks.size());
    if (comma > at) p.risks.push_back(risks.substr(at, comma - at));
    at = comma + 1;
  }
  std::string topics = s.Text(22);
  const char* cur = topics.data();
  const char* end = cur + topics.size();
  while (cur < end) {
    std::int64_t id = 0;
    auto [next, ec] = std::from_chars(cur, end, id);
    if (ec != std::errc()) break;
    p.topics.push_back(TopicId{id});
    cur = next < end ? next + 1 : end;  // skip the comma
  }
  return p;
}

// Cursor: "<published_at ms>.<id>" of the last post of the previous page.
struct Cursor {
  std::int64_t published_ms = 0;
  std::int64_t id = 0;
};

Result<Cursor> ParseCursor(std::string_view text) {
  Cursor c;
  auto dot = text.find('.');
  auto bad = [] {
    return Fail(ErrorCode::kInvalidArgument,
                "cursor is malformed: pass the next_cursor of the previous page unchanged");
  };
  if (dot == std::string_view::npos) return bad();
  // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage): from_chars takes the end
  auto a = std::from_chars(text.data(), text.data() + dot, c.published_ms);
  auto b = std::from_chars(text.data() + dot + 1, text.data() + text.size(), c.id);
  if (a.ec != std::errc() || a.ptr != text.data() + dot || b.ec != std::errc() ||
      b.ptr != text.data() + text.size()) {
    return bad();
  }
  return c;
}

Status CheckFilter(const PostFilter& f) {
  if (f.platforms.size() > 32) {
    return Fail(ErrorCode::kInvalidArgument, "at most 32 platforms may be filtered at once");
  }
  for (const auto& p : f.platforms) TRIBU_RETURN_IF_ERROR(ValidatePlatformName(p));
  if (!f.sentiment.empty() && f.sentiment != "negative" && f.sentiment != "neutral" &&
      f.sentiment != "positive") {
    return Fail(ErrorCode::kInvalidArgument, "sentiment is negative, neutral or positive");
  }
  return {};
}

// "WHERE ..." for the filter's conditions (not its cursor), over posts p
// joined with authors a; BindFilter binds the values in the same order and
// returns the next parameter index.
std::string FilterWhere(const PostFilter& f, const std::string& fts) {
  std::string sql = "WHERE p.workspace_id = ?";
  if (!fts.empty()) sql += " AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)";
  if (!f.platforms.empty()) {
    sql += " AND p.platform IN (?";
    for (std::size_t i = 1; i < f.platforms.size(); ++i) sql += ", ?";
    sql += ")";
  }
  if (!f.lang.empty()) sql += " AND p.lang = ?";
  if (!f.author.empty()) {
    // The posts of the workspace's authors with that handle (one per platform),
    // from the author index (migration 0008); '0' matches nobody.
    sql +=
        " AND p.id IN (SELECT rowid FROM author_posts WHERE author_posts MATCH "
        "(SELECT coalesce(group_concat(id, ' OR '), '0') FROM authors "
        "WHERE workspace_id = ? AND handle = ?))";
  }
  if (f.topic) sql += " AND p.id IN (SELECT post_id FROM post_topics WHERE topic_id = ?)";
  // Fixed thresholds, written from constants: nothing of the request goes into the text.
  const std::string neg = std::to_string(kNegativeSentiment);
  const std::string pos = std::to_string(kPositiveSentiment);
  if (f.sentiment == "negative") sql += " AND p.sentiment <= " + neg;
  if (f.sentiment == "positive") sql += " AND p.sentiment >= " + pos;
  if (f.sentiment == "neutral") {
    sql += " AND p.sentiment > " + neg + " AND p.sentiment < " + pos;
  }
  if (f.since) sql += " AND p.published_at >= ?";
  if (f.until) sql += " AND p.published_at < ?";
  return sql;
}

int BindFilter(Statement& s, const PostFilter& f, const std::string& fts) {
  int i = 1;
  s.Bind(i++, f.workspace_id.value);
  if (!fts.empty()) s.Bind(i++, std::string_view(fts));
  for (const auto& p : f.platforms) s.Bind(i++, std::string_view(p));
  if (!f.lang.empty()) s.Bind(i++, std::string_view(f.lang));
  if (!f.author.empty()) {
    s.Bind(i++, f.workspace_id.value);
    s.Bind(i++, std::string_view(f.author));
  }
  if (f.topic) s.Bind(i++, f.topic->value);
  if (f.since) s.Bind(i++, ToUnixMillis(*f.since));
  if (f.until) s.Bind(i++, ToUnixMillis(*f.until));
  return i;
}

// The statements that write posts, prepared once for a batch and rebound for
// each post. The posts' text is bound without a copy: a post must outlive its
// Write. Used inside the writer's transaction, by one thread.
class PostWriter {
 public:
  static Result<PostWriter> Prepare(Database& db);
  // Inserts the post (with its full-text and author index entries) or
  // refreshes the stored one, then its topics; records its id in `stats`.
  Status Write(const Post& post, std::int64_t author_id, Timestamp now, UpsertStats& stats);

 private:
  PostWriter(Database& db, StatementHandle insert, StatementHandle update, StatementHandle find,
             StatementHandle text, StatementHandle author, StatementHandle topic)
      : db_(db),
        insert_(std::move(insert)),
        update_(std::move(update)),
        find_(std::move(find)),
        text_(std::move(text)),
        author_(std::move(author)),
        topic_(std::move(topic)) {}
  // Binds ?1..?18 of the insert and update statements.
  void BindPost(Statement& s, const Post& post, std::int64_t author_id, std::int64_t now_ms);

  Database& db_;
  StatementHandle insert_, update_, find_, text_, author_, topic_;
  std::string risks_;  // the bound risks list of the current post
};

Result<PostWriter> PostWriter::Prepare(Database& db) {
  auto insert = db.Prepare(
      "INSERT INTO posts (workspace_id, platform, external_id, channel_id, author_id, text, "
      "lang, url, parent_external_id, published_at, collected_at, likes, shares, replies, "
      "reach, sentiment, risk, risks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
      "?13, ?14, ?15, ?16, ?17, ?18) ON CONFLICT (workspace_id, platform, external_id) DO "
      "NOTHING");
  if (!insert) return Fail(insert.error());
  // Already stored: refresh what changed, keep the first collected_at. A post
  // collected again unchanged (a feed read twice) is not rewritten.
  auto update = db.Prepare(
      "UPDATE posts SET channel_id = COALESCE(?4, channel_id), author_id = ?5, text = ?6, "
      "lang = ?7, url = ?8, parent_external_id = ?9, published_at = ?10, likes = ?12, "
      "shares = ?13, replies = ?14, reach = ?15, sentiment = COALESCE(?16, sentiment), "
      "risk = COALESCE(?17, risk), risks = CASE WHEN ?17 IS NULL THEN risks ELSE ?18 END "
      "WHERE workspace_id = ?1 AND platform = ?2 AND external_id = ?3 AND ("
      "channel_id IS NOT COALESCE(?4, channel_id) OR author_id IS NOT ?5 OR text IS NOT ?6 OR "
      "lang IS NOT ?7 OR url IS NOT ?8 OR parent_external_id IS NOT ?9 OR "
      "published_at IS NOT ?10 OR likes IS NOT ?12 OR shares IS NOT ?13 OR "
      "replies IS NOT ?14 OR reach IS NOT ?15 OR "
      "sentiment IS NOT COALESCE(?16, sentiment) OR risk IS NOT COALESCE(?17, risk))");
  if (!update) return Fail(update.error());
  auto find = db.Prepare(
      "SELECT id FROM posts WHERE workspace_id = ?1 AND platform = ?2 AND external_id = ?3");
  if (!find) return Fail(find.error());
  // New posts go into the full-text index (see migration 0005) and the
  // author's posts (0008) from here.
  auto text = db.Prepare("INSERT INTO posts_fts (rowid, text) VALUES (?, ?)");
  if (!text) return Fail(text.error());
  auto author = db.Prepare("INSERT INTO author_posts (rowid, author_id) VALUES (?, ?)");
  if (!author) return Fail(author.error());
  auto topic = db.Prepare("INSERT OR IGNORE INTO post_topics (post_id, topic_id) VALUES (?, ?)");
  if (!topic) return Fail(topic.error());
  return PostWriter(db, std::move(*insert), std::move(*update), std::move(*find), std::move(*text),
                    std::move(*author), std::move(*topic));
}

void PostWriter::BindPost(Statement& s, const Post& post, std::int64_t author_id,
                          std::int64_t now_ms) {
  s.Bind(1, post.workspace_id.value);
  s.BindView(2, post.platform);
  s.BindView(3, post.external_id);
  if (post.channel_id) {
    s.Bind(4, post.channel_id->value);
  } else {
    s.BindNull(4);
  }
  s.Bind(5, author_id);
  s.BindView(6, post.text);
  s.BindView(7, post.lang);
  s.BindView(8, post.url);
  s.BindView(9, post.parent_external_id);
  s.Bind(10, ToUnixMillis(post.published_at));
  s.Bind(11, now_ms);
  s.Bind(12, post.metrics.likes);
  s.Bind(13, post.metrics.shares);
  s.Bind(14, post.metrics.replies);
  s.Bind(15, post.metrics.reach);
  s.Bind(16, post.sentiment);
  s.Bind(17, post.risk);
  risks_.clear();
  for (const std::string& r : post.risks) {
    if (r.find(',') != std::string::npos) continue;  // names are words; keep the list readable
    if (!risks_.empty()) risks_ += ',';
    risks_ += r;
  }
  s.BindView(18, risks_);  // risks_ is kept until the next post
}

Status PostWriter::Write(const Post& post, std::int64_t author_id, Timestamp now,
                         UpsertStats& stats) {
  const std::int64_t now_ms = ToUnixMillis(now);
  BindPost(*insert_, post, author_id, now_ms);
  TRIBU_RETURN_IF_ERROR(insert_->Run());
  insert_->Rewind();
  std::int64_t post_id = 0;
  const bool is_new = db_.Changes() == 1;
  if (is_new) {
    post_id = db_.LastInsertRowid();
    ++stats.inserted;
    text_->Bind(1, post_id);
    text_->BindView(2, post.text);
    TRIBU_RETURN_IF_ERROR(text_->Run());
    text_->Rewind();
    author_->Bind(1, post_id);
    author_->Bind(2, author_id);
    TRIBU_RETURN_IF_ERROR(author_->Run());
    author_->Rewind();
  } else {
    BindPost(*update_, post, author_id, now_ms);
    TRIBU_RETURN_IF_ERROR(update_->Run());
    update_->Rewind();
    find_->Bind(1, post.workspace_id.value);
    find_->BindView(2, post.platform);
    find_->BindView(3, post.external_id);
    auto found = find_->Step();
    if (!found) return Fail(found.error());
    if (!*found) return Fail(ErrorCode::kInternal, "post vanished during upsert");
    post_id = find_->Int(0);
    find_->Rewind();
    ++stats.updated;
  }

  stats.ids.push_back(PostId{post_id});
  stats.inserted_at.push_back(is_new);
  for (TopicId t : post.topics) {
    topic_->Bind(1, post_id);
    topic_->Bind(2, t.value);
    if (auto r = topic_->Run(); !r) {
      return Fail(r.error().WithContext("topic " + std::to_string(t.value)));
    }
    topic_->Rewind();
  }
  return {};
}

}  // namespace

Result<std::int64_t> SqliteStore::UpsertAuthor(Database& db, const Post& post,
                                               const std::string& key, const AuthorSighting& seen) {
  auto s = db.Prepare(
      "INSERT INTO authors (workspace_id, platform, handle, display_name, followers, "
      "first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT (workspace_id, platform, handle) DO UPDATE SET "
      "display_name = CASE WHEN excluded.display_name <> '' THEN excluded.display_name "
      "ELSE display_name END, "
      "followers = CASE WHEN excluded.last_seen >= last_seen THEN excluded.followers "
      "ELSE followers END, "
      "first_seen = MIN(first_seen, excluded.first_seen), "
      "last_seen = MAX(last_seen, excluded.last_seen)");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, post.workspace_id.value);
  (*s)->Bind(2, post.platform);
  (*s)->Bind(3, post.author.handle);
  (*s)->Bind(4, seen.display_name);
  (*s)->Bind(5, seen.followers);
  (*s)->Bind(6, seen.first_seen);
  (*s)->Bind(7, seen.last_seen);
  TRIBU_RETURN_IF_ERROR((*s)->Run());
  if (auto known = author_ids_.find(key); known != author_ids_.end()) return known->second;
  // No RETURNING on the hot path: SQLite runs it as a trigger, which costs a
  // statement journal and an FTS5 flush per statement.
  auto id = db.Prepare(
      "SELECT id FROM authors WHERE workspace_id = ?1 AND platform = ?2 AND handle = ?3");
  if (!id) return Fail(id.error());
  (*id)->Bind(1, post.workspace_id.value);
  (*id)->Bind(2, post.platform);
  (*id)->Bind(3, post.author.handle);
  auto row = (*id)->Step();
  if (!row) return Fail(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "author vanished during upsert");
  return (*id)->Int(0);
}

Status ValidatePosts(std::span<const Post> posts) {
  for (std::size_t i = 0; i < posts.size(); ++i) {
    if (auto s = ValidatePost(posts[i]); !s) {
      return Fail(s.error().WithContext("post " + std::to_string(i) + " (" + posts[i].platform +
                                        "/" + posts[i].external_id.substr(0, 64) + ")"));
    }
  }
  return {};
}

Status SqliteStore::CheckReferences(Database& db, std::span<const Post> posts) {
  // Each distinct (workspace), (workspace, channel) and (workspace, topic) once.
  std::set<std::int64_t> workspaces;
  std::set<std::pair<std::int64_t, std::int64_t>> channels, topics;
  for (const Post& p : posts) {
    workspaces.insert(p.workspace_id.value);
    if (p.channel_id) channels.insert({p.workspace_id.value, p.channel_id->value});
    for (TopicId t : p.topics) topics.insert({p.workspace_id.value, t.value});
  }
  auto exists = [&](const char* sql, std::int64_t a, std::int64_t b) -> Result<bool> {
    auto s = db.Prepare(sql);
    if (!s) return Fail(s.error());
    (*s)->Bind(1, a);
    (*s)->Bind(2, b);
    return (*s)->Step();
  };
  auto missing = [](const std::string& what, std::int64_t id) {
    return Fail(ErrorCode::kFailedPrecondition,
                what + " " + std::to_string(id) +
                    " does not exist (does the workspace, channel or topic exist?)");
  };
  for (std::int64_t w : workspaces) {
    auto ok = exists("SELECT 1 FROM workspaces WHERE id = ?1 AND ?2 = ?2", w, 0);
    if (!ok) return Fail(ok.error());
    if (!*ok) return missing("workspace", w);
  }
  for (auto [w, c] : channels) {
    auto ok = exists("SELECT 1 FROM channels WHERE workspace_id = ?1 AND id = ?2", w, c);
    if (!ok) return Fail(ok.error());
    if (!*ok) return missing("channel", c);
  }
  for (auto [w, t] : topics) {
    auto ok = exists("SELECT 1 FROM topics WHERE workspace_id = ?1 AND id = ?2", w, t);
    if (!ok) return Fail(ok.error());
    if (!*ok) return missing("topic", t);
  }
  return {};
}

void SqliteStore::CacheAuthors(std::vector<std::pair<std::string, std::int64_t>>& learnt) {
  constexpr std::size_t kMaxCachedAuthors = 200'000;
  if (author_ids_.size() + learnt.size() > kMaxCachedAuthors) author_ids_.clear();
  for (auto& [key, id] : learnt) author_ids_.insert_or_assign(std::move(key), id);
}

Status SqliteStore::UpsertInTransaction(std::span<const Post> posts, Timestamp now,
                                        UpsertStats& stats,
                                        std::vector<std::pair<std::string, std::int64_t>>& learnt) {
  TRIBU_RETURN_IF_ERROR(CheckReferences(*writer_, posts));
  // Each author once per batch, with what the batch says of them: the newest
  // follower count, the last display name given, first and last seen.
  std::unordered_map<std::string, AuthorSighting> authors;
  authors.reserve(posts.size());
  std::vector<AuthorSighting*> author_of(posts.size());
  for (std::size_t i = 0; i < posts.size(); ++i) {
    const Post& p = posts[i];
    std::string key =
        std::to_string(p.workspace_id.value) + '\x1f' + p.platform + '\x1f' + p.author.handle;
    const std::int64_t t = ToUnixMillis(p.published_at);
    auto [it, fresh] = authors.try_emplace(std::move(key));
    AuthorSighting& a = it->second;
    if (fresh) {
      a = {.first_post = i, .first_seen = t, .last_seen = t, .followers = p.author.followers};
    }
    if (!p.author.display_name.empty()) a.display_name = p.author.display_name;
    if (t >= a.last_seen) a.followers = p.author.followers;
    a.first_seen = std::min(a.first_seen, t);
    a.last_seen = std::max(a.last_seen, t);
    author_of[i] = &a;
  }
  for (auto& [key, a] : authors) {
    auto id = UpsertAuthor(*writer_, posts[a.first_post], key, a);
    if (!id) {
      return Fail(id.error().WithContext("author of post " + std::to_string(a.first_post)));
    }
    a.id = *id;
    learnt.emplace_back(key, *id);
  }
  auto writer = PostWriter::Prepare(*writer_);
  if (!writer) return Fail(writer.error());
  for (std::size_t i = 0; i < posts.size(); ++i) {
    if (auto s = writer->Write(posts[i], author_of[i]->id, now, stats); !s) {
      Error e = s.error();
      if (e.code == ErrorCode::kFailedPrecondition) {
        e.message += " (does the workspace, channel or topic exist?)";
      }
      return Fail(e.WithContext("post " + std::to_string(i)));
    }
  }
  return {};
}

Result<UpsertStats> SqliteStore::UpsertPosts(std::span<const Post> posts) {
  const BatchToStore batch{.posts = posts};
  auto stats = StoreBatches({&batch, 1});
  if (!stats) return Fail(stats.error());
  return std::move(stats->front());
}

Status SqliteStore::ReplaceTopicMatches(WorkspaceId workspace, TopicId topic,
                                        std::span<const PostId> posts) {
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  auto owner = writer_->Prepare("SELECT 1 FROM topics WHERE id = ? AND workspace_id = ?");
  if (!owner) return Fail(owner.error());
  (*owner)->Bind(1, topic.value);
  (*owner)->Bind(2, workspace.value);
  auto found = (*owner)->Step();
  if (!found) return Fail(found.error());
  if (!*found) {
    return Fail(ErrorCode::kNotFound, "topic " + std::to_string(topic.value) + " not found");
  }
  auto clear = writer_->Prepare("DELETE FROM post_topics WHERE topic_id = ?");
  if (!clear) return Fail(clear.error());
  (*clear)->Bind(1, topic.value);
  TRIBU_RETURN_IF_ERROR((*clear)->Run());
  for (PostId post : posts) {
    auto add = writer_->Prepare(
        "INSERT OR IGNORE INTO post_topics (post_id, topic_id) "
        "SELECT id, ?2 FROM posts WHERE id = ?1 AND workspace_id = ?3");
    if (!add) return Fail(add.error());
    (*add)->Bind(1, post.value);
    (*add)->Bind(2, topic.value);
    (*add)->Bind(3, workspace.value);
    TRIBU_RETURN_IF_ERROR((*add)->Run());
  }
  return tx->Commit();
}

Result<PostAggregates> SqliteStore::AggregatePosts(const PostFilter& f) {
  TRIBU_RETURN_IF_ERROR(CheckFilter(f));
  auto fts = ToFtsQuery(f.text);
  if (!fts) return Fail(fts.error());
  const std::string from =
      "FROM posts p JOIN authors a ON a.id = p.author_id " + FilterWhere(f, *fts);
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  // All in one read transaction, so that the figures agree with each other.
  auto tx = Transaction::BeginRead(**db);
  if (!tx) return Fail(tx.error());
  auto query = [&](const std::string& sql) -> Result<StatementHandle> {
    auto s = (*db)->Prepare(sql);
    if (!s) return Fail(s.error());
    BindFilter(**s, f, *fts);
    return s;
  };
  PostAggregates out;
  {
    auto s = query(
        "SELECT p.published_at / 3600000, count(*), "
        "sum(p.sentiment <= " +
        std::to_string(kNegativeSentiment) +
        "), "
        "sum(p.sentiment >= " +
        std::to_string(kPositiveSentiment) +
        "), "
        "count(p.sentiment), total(p.sentiment) " +
        from + " GROUP BY 1 ORDER BY 1");
    if (!s) return Fail(s.error());
    auto hours = (*s)->Collect([](const Statement& r) {
      return PostAggregates::Hour{.start = FromUnixMillis(r.Int(0) * 3600000),
                                  .posts = r.Int(1),
                                  .negative = r.Int(2),
                                  .positive = r.Int(3),
                                  .scored = r.Int(4),
                                  .sentiment_sum = r.Double(5)};
    });
    if (!hours) return Fail(hours.error());
    out.hours = std::move(*hours);
    for (const auto& h : out.hours) out.total += h.posts;
  }
  auto counts = [&](const std::string& column) -> Result<std::vector<PostAggregates::Count>> {
    auto s = query("SELECT " + column + ", count(*) " + from + " GROUP BY 1 ORDER BY 2 DESC, 1");
    if (!s) return Fail(s.error());
    return (*s)->Collect([](const Statement& r) {
      return PostAggregates::Count{.key = r.Text(0), .posts = r.Int(1)};
    });
  };
  auto platforms = counts("p.platform");
  if (!platforms) return Fail(platforms.error());
  out.platforms = std::move(*platforms);
  auto languages = counts("p.lang");
  if (!languages) return Fail(languages.error());
  out.languages = std::move(*languages);
  {
    auto s = query(
        "SELECT pt.topic_id, count(*) FROM post_topics pt WHERE pt.post_id IN "
        "(SELECT p.id " +
        from + ") GROUP BY 1 ORDER BY 2 DESC");
    if (!s) return Fail(s.error());
    auto topics = (*s)->Collect([](const Statement& r) {
      return std::pair{TopicId{r.Int(0)}, r.Int(1)};
    });
    if (!topics) return Fail(topics.error());
    out.topics = std::move(*topics);
  }
  {
    auto s = query("SELECT a.platform, a.handle, a.display_name, a.followers, count(*) " + from +
                   " GROUP BY a.id ORDER BY 5 DESC, 4 DESC LIMIT 10");
    if (!s) return Fail(s.error());
    auto authors = (*s)->Collect([](const Statement& r) {
      return PostAggregates::AuthorCount{.platform = r.Text(0),
                                         .handle = r.Text(1),
                                         .display_name = r.Text(2),
                                         .followers = r.Int(3),
                                         .posts = r.Int(4)};
    });
    if (!authors) return Fail(authors.error());
    out.top_authors = std::move(*authors);
  }
  return out;
}

Result<PostPage> SqliteStore::ListPosts(const PostFilter& f) {
  if (f.limit < 1 || f.limit > 500) {
    return Fail(ErrorCode::kInvalidArgument, "limit must be between 1 and 500");
  }
  TRIBU_RETURN_IF_ERROR(CheckFilter(f));
  auto fts = ToFtsQuery(f.text);
  if (!fts) return Fail(fts.error());
  std::optional<Cursor> cursor;
  if (!f.cursor.empty()) {
    auto c = ParseCursor(f.cursor);
    if (!c) return Fail(c.error());
    cursor = *c;
  }

  // The SQL text is assembled from fixed fragments only; every value is bound.
  std::string sql(kPostSelect);
  sql += FilterWhere(f, *fts);
  if (cursor) sql += " AND (p.published_at < ? OR (p.published_at = ? AND p.id < ?))";
  sql += " ORDER BY p.published_at DESC, p.id DESC LIMIT ?";

  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(sql);
  if (!s) return Fail(s.error());
  int i = BindFilter(**s, f, *fts);
  if (cursor) {
    (*s)->Bind(i++, cursor->published_ms);
    (*s)->Bind(i++, cursor->published_ms);
    (*s)->Bind(i++, cursor->id);
  }
  (*s)->Bind(i++, f.limit + 1);  // one more tells whether a next page exists

  auto posts = (*s)->Collect(ReadPost);
  if (!posts) return Fail(posts.error());
  PostPage page;
  page.posts = std::move(*posts);
  if (page.posts.size() > static_cast<std::size_t>(f.limit)) {
    page.posts.pop_back();
    const Post& last = page.posts.back();
    page.next_cursor =
        std::to_string(ToUnixMillis(last.published_at)) + "." + std::to_string(last.id.value);
  }
  return page;
}

Result<Post> SqliteStore::GetPost(WorkspaceId workspace, PostId id) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare(std::string(kPostSelect) + "WHERE p.workspace_id = ? AND p.id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  (*s)->Bind(2, id.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  if (!*row) {
    return Fail(ErrorCode::kNotFound, "post " + std::to_string(id.value) + " not found");
  }
  return ReadPost(**s);
}

Result<std::int64_t> SqliteStore::CountPosts(WorkspaceId workspace) {
  auto db = readers_.Acquire();
  if (!db) return Fail(db.error());
  auto s = (*db)->Prepare("SELECT COUNT(*) FROM posts WHERE workspace_id = ?");
  if (!s) return Fail(s.error());
  (*s)->Bind(1, workspace.value);
  auto row = (*s)->Step();
  if (!row) return Fail(row.error());
  return (*s)->Int(0);
}

Status SqliteStore::RebuildSearchIndex() {
  std::lock_guard lock(write_mu_);
  auto tx = Transaction::Begin(*writer_);
  if (!tx) return Fail(tx.error());
  TRIBU_RETURN_IF_ERROR(writer_->Exec(
      "INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');"
      "INSERT INTO author_posts (author_posts) VALUES ('delete-all');"
      "INSERT INTO author_posts (rowid, author_id) SELECT id, author_id FROM posts;"));
  return tx->Commit();
}

}  // namespace tribu::sqlite
