#include "tribu/pipeline/messages.h"

#include <nlohmann/json.hpp>

namespace tribu::pipeline {

namespace {

using nlohmann::json;

json PostToJson(const Post& p) {
  json topics = json::array();
  for (TopicId t : p.topics) topics.push_back(t.value);
  json j = {{"id", p.id.value},
            {"workspace_id", p.workspace_id.value},
            {"platform", p.platform},
            {"external_id", p.external_id},
            {"author",
             {{"handle", p.author.handle},
              {"display_name", p.author.display_name},
              {"followers", p.author.followers}}},
            {"text", p.text},
            {"lang", p.lang},
            {"url", p.url},
            {"parent_external_id", p.parent_external_id},
            {"published_at", ToUnixMillis(p.published_at)},
            {"collected_at", ToUnixMillis(p.collected_at)},
            {"metrics",
             {{"likes", p.metrics.likes},
              {"shares", p.metrics.shares},
              {"replies", p.metrics.replies},
              {"reach", p.metrics.reach}}},
            {"topics", std::move(topics)}};
  if (p.channel_id) j["channel_id"] = p.channel_id->value;
  if (p.sentiment) j["sentiment"] = *p.sentiment;
  return j;
}

// Reads fields with their expected types; the first mismatch is the error.
class Reader {
 public:
  explicit Reader(const json& j) : j_(j) {}

  std::string Str(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return {};
    if (!v->is_string()) return Bad(key, "a string"), std::string{};
    return v->get<std::string>();
  }
  std::int64_t Int(const char* key) {
    const json* v = Find(key);
    if (v == nullptr) return 0;
    if (!v->is_number_integer()) return Bad(key, "a whole number"), 0;
    return v->get<std::int64_t>();
  }
  std::optional<std::int64_t> OptInt(const char* key) {
    if (!j_.contains(key) || j_.at(key).is_null()) return std::nullopt;
    return Int(key);
  }
  std::optional<double> OptDouble(const char* key) {
    if (!j_.contains(key) || j_.at(key).is_null()) return std::nullopt;
    const json& v = j_.at(key);
    if (!v.is_number()) return Bad(key, "a number"), std::nullopt;
    return v.get<double>();
  }
  const json* Find(const char* key) {
    if (!j_.is_object()) return Bad("", "an object"), nullptr;
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  Status status() const {
    if (error_.empty()) return {};
    return Fail(ErrorCode::kInvalidArgument, error_);
  }
  void Bad(std::string_view key, std::string_view want) {
    if (error_.empty()) error_ = "field '" + std::string(key) + "' must be " + std::string(want);
  }

 private:
  const json& j_;
  std::string error_;
};

Result<Post> PostFromJson(const json& j) {
  Reader r(j);
  Post p;
  p.id = PostId{r.Int("id")};
  p.workspace_id = WorkspaceId{r.Int("workspace_id")};
  if (auto c = r.OptInt("channel_id")) p.channel_id = ChannelId{*c};
  p.platform = r.Str("platform");
  p.external_id = r.Str("external_id");
  if (const json* a = r.Find("author")) {
    Reader ar(*a);
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
  if (const json* m = r.Find("metrics")) {
    Reader mr(*m);
    p.metrics = {mr.Int("likes"), mr.Int("shares"), mr.Int("replies"), mr.Int("reach")};
    TRIBU_RETURN_IF_ERROR(mr.status());
  }
  p.sentiment = r.OptDouble("sentiment");
  if (const json* t = r.Find("topics")) {
    if (!t->is_array()) return Fail(ErrorCode::kInvalidArgument, "field 'topics' must be a list");
    for (const json& id : *t) {
      if (!id.is_number_integer()) {
        return Fail(ErrorCode::kInvalidArgument, "field 'topics' must hold whole numbers");
      }
      p.topics.push_back(TopicId{id.get<std::int64_t>()});
    }
  }
  TRIBU_RETURN_IF_ERROR(r.status());
  return p;
}

Result<json> ParseMessage(std::string_view data, std::string_view what) {
  json j = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Fail(ErrorCode::kInvalidArgument, std::string(what) + ": not a JSON object");
  }
  return j;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string EncodePostBatch(const PostBatch& b) {
  json posts = json::array();
  for (const Post& p : b.posts) posts.push_back(PostToJson(p));
  json j = {{"workspace_id", b.workspace.value}, {"cursor", b.cursor}, {"posts", std::move(posts)}};
  if (b.channel) j["channel_id"] = b.channel->value;
  if (b.next_attempt_at) j["next_attempt_at"] = ToUnixMillis(*b.next_attempt_at);
  return Dump(j);
}

Result<PostBatch> DecodePostBatch(std::string_view data) {
  auto j = ParseMessage(data, "post batch");
  if (!j) return Fail(j.error());
  Reader r(*j);
  PostBatch b;
  b.workspace = WorkspaceId{r.Int("workspace_id")};
  if (auto c = r.OptInt("channel_id")) b.channel = ChannelId{*c};
  b.cursor = r.Str("cursor");
  if (auto t = r.OptInt("next_attempt_at")) b.next_attempt_at = FromUnixMillis(*t);
  TRIBU_RETURN_IF_ERROR(r.status());
  const json* posts = r.Find("posts");
  if (posts == nullptr || !posts->is_array()) {
    return Fail(ErrorCode::kInvalidArgument, "post batch: field 'posts' must be a list");
  }
  b.posts.reserve(posts->size());
  for (std::size_t i = 0; i < posts->size(); ++i) {
    auto p = PostFromJson((*posts)[i]);
    if (!p) return Fail(p.error().WithContext("post batch: post " + std::to_string(i)));
    if (p->workspace_id != b.workspace) {
      return Fail(ErrorCode::kInvalidArgument,
                  "post batch: post " + std::to_string(i) + " is from another workspace");
    }
    b.posts.push_back(std::move(*p));
  }
  return b;
}

std::string EncodePostStored(const PostStored& e) {
  return Dump(json{{"type", "post.stored"}, {"new", e.is_new}, {"post", PostToJson(e.post)}});
}

Result<PostStored> DecodePostStored(std::string_view data) {
  auto j = ParseMessage(data, "post event");
  if (!j) return Fail(j.error());
  if (!j->contains("type") || (*j)["type"] != "post.stored" || !j->contains("post") ||
      !(*j)["new"].is_boolean()) {
    return Fail(ErrorCode::kInvalidArgument, "post event: not a post.stored event");
  }
  auto p = PostFromJson((*j)["post"]);
  if (!p) return Fail(p.error().WithContext("post event"));
  return PostStored{(*j)["new"].get<bool>(), std::move(*p)};
}

}  // namespace tribu::pipeline
