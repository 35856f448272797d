// Message encoding: written directly (no intermediate document) and read with
// simdjson, since every post crosses the bus twice on its way to the store.
#include "tribu/pipeline/messages.h"

#include <simdjson.h>

#include <charconv>
#include <cstdio>

#include "tribu/core/utf8.h"

namespace tribu::pipeline {

namespace {

// Appends JSON to a string. Strings are escaped; invalid UTF-8 is replaced.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void Key(std::string_view k) {
    Comma();
    Escaped(k);
    out_ += ':';
    fresh_ = true;
  }
  void Open(char c) {
    Comma();
    out_ += c;
    fresh_ = true;
  }
  void Close(char c) {
    out_ += c;
    fresh_ = false;
  }
  void Int(std::int64_t v) {
    Comma();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
  }
  void Double(double v) {
    Comma();
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
  }
  void Bool(bool v) {
    Comma();
    out_ += v ? "true" : "false";
  }
  void String(std::string_view s) {
    Comma();
    if (!IsValidUtf8(s)) {
      std::string repaired = RepairUtf8(s);
      Escaped(repaired);
    } else {
      Escaped(s);
    }
  }

 private:
  void Comma() {
    if (!fresh_) out_ += ',';
    fresh_ = false;
  }
  void Escaped(std::string_view s) {
    out_ += '"';
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out_ += buf;
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string& out_;
  bool fresh_ = true;
};

void WritePost(Writer& w, const Post& p) {
  w.Open('{');
  w.Key("id");
  w.Int(p.id.value);
  w.Key("workspace_id");
  w.Int(p.workspace_id.value);
  if (p.channel_id) {
    w.Key("channel_id");
    w.Int(p.channel_id->value);
  }
  w.Key("platform");
  w.String(p.platform);
  w.Key("external_id");
  w.String(p.external_id);
  w.Key("author");
  w.Open('{');
  w.Key("handle");
  w.String(p.author.handle);
  w.Key("display_name");
  w.String(p.author.display_name);
  w.Key("followers");
  w.Int(p.author.followers);
  w.Close('}');
  w.Key("text");
  w.String(p.text);
  w.Key("lang");
  w.String(p.lang);
  w.Key("url");
  w.String(p.url);
  w.Key("parent_external_id");
  w.String(p.parent_external_id);
  w.Key("published_at");
  w.Int(ToUnixMillis(p.published_at));
  w.Key("collected_at");
  w.Int(ToUnixMillis(p.collected_at));
  w.Key("metrics");
  w.Open('{');
  w.Key("likes");
  w.Int(p.metrics.likes);
  w.Key("shares");
  w.Int(p.metrics.shares);
  w.Key("replies");
  w.Int(p.metrics.replies);
  w.Key("reach");
  w.Int(p.metrics.reach);
  w.Close('}');
  if (p.sentiment) {
    w.Key("sentiment");
    w.Double(*p.sentiment);
  }
  if (p.risk) {
    w.Key("risk");
    w.Double(*p.risk);
  }
  if (!p.risks.empty()) {
    w.Key("risks");
    w.Open('[');
    for (const std::string& r : p.risks) w.String(r);
    w.Close(']');
  }
  w.Key("topics");
  w.Open('[');
  for (TopicId t : p.topics) w.Int(t.value);
  w.Close(']');
  w.Close('}');
}

using simdjson::dom::element;
using simdjson::dom::object;

// Reads fields with their expected types; the first mismatch is the error.
class Reader {
 public:
  explicit Reader(object o) : o_(o) {}

  std::string Str(std::string_view key) {
    element e;
    if (o_[key].get(e) != simdjson::SUCCESS) return {};
    std::string_view v;
    if (e.get_string().get(v) != simdjson::SUCCESS) return Bad(key, "a string"), std::string();
    return std::string(v);
  }
  std::int64_t Int(std::string_view key) {
    element e;
    if (o_[key].get(e) != simdjson::SUCCESS) return 0;
    std::int64_t v = 0;
    if (e.get_int64().get(v) != simdjson::SUCCESS) return Bad(key, "a whole number"), 0;
    return v;
  }
  std::optional<std::int64_t> OptInt(std::string_view key) {
    element e;
    if (o_[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    return Int(key);
  }
  std::optional<double> OptDouble(std::string_view key) {
    element e;
    if (o_[key].get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
    double v = 0;
    if (e.get_double().get(v) != simdjson::SUCCESS) return Bad(key, "a number"), std::nullopt;
    return v;
  }
  std::optional<element> Find(std::string_view key) {
    element e;
    if (o_[key].get(e) != simdjson::SUCCESS) return std::nullopt;
    return e;
  }
  Status status() const {
    if (error_.empty()) return {};
    return Fail(ErrorCode::kInvalidArgument, error_);
  }
  void Bad(std::string_view key, std::string_view want) {
    if (error_.empty()) error_ = "field '" + std::string(key) + "' must be " + std::string(want);
  }

 private:
  object o_;
  std::string error_;
};

Result<object> AsObject(element e, std::string_view what) {
  object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": not a JSON object");
  }
  return o;
}

Result<Post> ReadPost(element e) {
  auto o = AsObject(e, "post");
  if (!o) return Fail(o.error());
  Reader r(*o);
  Post p;
  p.id = PostId{r.Int("id")};
  p.workspace_id = WorkspaceId{r.Int("workspace_id")};
  if (auto c = r.OptInt("channel_id")) p.channel_id = ChannelId{*c};
  p.platform = r.Str("platform");
  p.external_id = r.Str("external_id");
  if (auto a = r.Find("author")) {
    auto ao = AsObject(*a, "field 'author'");
    if (!ao) return Fail(ao.error());
    Reader ar(*ao);
    p.author.platform = p.platform;
    p.author.handle = ar.Str("handle");
    p.author.display_name = ar.Str("display_name");
    p.author.followers = ar.Int("followers");
    TRIBU_RETURN_IF_ERROR(ar.status());
  }
  p.text = r.Str("text");
  p.lang = r.Str("lang");
  p.url = r.Str("url");
  p.parent_external_id = r.Str("parent_external_id");
  p.published_at = FromUnixMillis(r.Int("published_at"));
  p.collected_at = FromUnixMillis(r.Int("collected_at"));
  if (auto m = r.Find("metrics")) {
    auto mo = AsObject(*m, "field 'metrics'");
    if (!mo) return Fail(mo.error());
    Reader mr(*mo);
    p.metrics = {mr.Int("likes"), mr.Int("shares"), mr.Int("replies"), mr.Int("reach")};
    TRIBU_RETURN_IF_ERROR(mr.status());
  }
  p.sentiment = r.OptDouble("sentiment");
  p.risk = r.OptDouble("risk");
  if (auto rl = r.Find("risks")) {
    simdjson::dom::array list;
    if (rl->get_array().get(list) != simdjson::SUCCESS) {
      return Fail(ErrorCode::kInvalidArgument, "field 'risks' must be a list");
    }
    for (element name : list) {
      std::string_view v;
      if (name.get_string().get(v) != simdjson::SUCCESS || v.size() > 64) {
        return Fail(ErrorCode::kInvalidArgument, "field 'risks' must hold short names");
      }
      if (p.risks.size() < 16) p.risks.emplace_back(v);
    }
  }
  if (auto t = r.Find("topics")) {
    simdjson::dom::array list;
    if (t->get_array().get(list) != simdjson::SUCCESS) {
      return Fail(ErrorCode::kInvalidArgument, "field 'topics' must be a list");
    }
    for (element id : list) {
      std::int64_t v = 0;
      if (id.get_int64().get(v) != simdjson::SUCCESS) {
        return Fail(ErrorCode::kInvalidArgument, "field 'topics' must hold whole numbers");
      }
      p.topics.push_back(TopicId{v});
    }
  }
  TRIBU_RETURN_IF_ERROR(r.status());
  return p;
}

Result<object> ParseMessage(simdjson::dom::parser& parser, std::string_view data,
                            std::string_view what) {
  element doc;
  if (auto err = parser.parse(data.data(), data.size()).get(doc); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(what) + ": not valid JSON (" + simdjson::error_message(err) + ")");
  }
  return AsObject(doc, what);
}

simdjson::dom::parser& ThreadParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

}  // namespace

std::string EncodePostBatch(const PostBatch& b) {
  std::string out;
  std::size_t size = 128;
  for (const Post& p : b.posts) size += p.text.size() + p.external_id.size() + 300;
  out.reserve(size);
  Writer w(out);
  w.Open('{');
  w.Key("workspace_id");
  w.Int(b.workspace.value);
  if (b.channel) {
    w.Key("channel_id");
    w.Int(b.channel->value);
  }
  w.Key("cursor");
  w.String(b.cursor);
  if (b.next_attempt_at) {
    w.Key("next_attempt_at");
    w.Int(ToUnixMillis(*b.next_attempt_at));
  }
  w.Key("posts");
  w.Open('[');
  for (const Post& p : b.posts) WritePost(w, p);
  w.Close(']');
  w.Close('}');
  return out;
}

Result<PostBatch> DecodePostBatch(std::string_view data) {
  auto root = ParseMessage(ThreadParser(), data, "post batch");
  if (!root) return Fail(root.error());
  Reader r(*root);
  PostBatch b;
  b.workspace = WorkspaceId{r.Int("workspace_id")};
  if (auto c = r.OptInt("channel_id")) b.channel = ChannelId{*c};
  b.cursor = r.Str("cursor");
  if (auto t = r.OptInt("next_attempt_at")) b.next_attempt_at = FromUnixMillis(*t);
  TRIBU_RETURN_IF_ERROR(r.status());
  auto posts = r.Find("posts");
  simdjson::dom::array list;
  if (!posts || posts->get_array().get(list) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument, "post batch: field 'posts' must be a list");
  }
  b.posts.reserve(list.size());
  std::size_t i = 0;
  for (element e : list) {
    auto p = ReadPost(e);
    if (!p) return Fail(p.error().WithContext("post batch: post " + std::to_string(i)));
    if (p->workspace_id != b.workspace) {
      return Fail(ErrorCode::kInvalidArgument,
                  "post batch: post " + std::to_string(i) + " is from another workspace");
    }
    b.posts.push_back(std::move(*p));
    ++i;
  }
  return b;
}

std::string EncodePostStored(const PostStored& e) {
  std::string out;
  out.reserve(e.post.text.size() + 400);
  Writer w(out);
  w.Open('{');
  w.Key("type");
  w.String("post.stored");
  w.Key("new");
  w.Bool(e.is_new);
  w.Key("post");
  WritePost(w, e.post);
  w.Close('}');
  return out;
}

Result<PostStored> DecodePostStored(std::string_view data) {
  auto root = ParseMessage(ThreadParser(), data, "post event");
  if (!root) return Fail(root.error());
  Reader r(*root);
  bool is_new = false;
  auto type = r.Str("type");
  auto flag = r.Find("new");
  auto post = r.Find("post");
  if (type != "post.stored" || !flag || flag->get_bool().get(is_new) != simdjson::SUCCESS ||
      !post) {
    return Fail(ErrorCode::kInvalidArgument, "post event: not a post.stored event");
  }
  auto p = ReadPost(*post);
  if (!p) return Fail(p.error().WithContext("post event"));
  return PostStored{is_new, std::move(*p)};
}

}  // namespace tribu::pipeline
