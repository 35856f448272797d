#include "http/json_codec.h"

#include <set>

#include "tribu/listen/query.h"

namespace tribu::http {

Status OnlyFields(const Json& body, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown field '" + key.substr(0, 40) + "' (expected: " + list + ")");
    }
  }
  return {};
}

// Reads an optional string field; absent leaves `out` unchanged.
Status ReadString(const Json& body, const char* name, std::string& out, bool required) {
  auto it = body.find(name);
  if (it == body.end()) {
    if (required) {
      return Fail(ErrorCode::kInvalidArgument, std::string("field '") + name + "' is required");
    }
    return {};
  }
  if (!it->is_string()) {
    return Fail(ErrorCode::kInvalidArgument, std::string("field '") + name + "' must be a string");
  }
  out = it->get<std::string>();
  return {};
}

namespace {
std::optional<std::string> IsoOrNull(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return FormatIso8601(*t);
}
}  // namespace

Json ToJson(const User& u) {
  return {{"id", u.id.value},
          {"email", u.email},
          {"display_name", u.display_name},
          {"locale", u.locale},
          {"time_zone", u.time_zone},
          {"admin", u.admin},
          {"created_at", FormatIso8601(u.created_at)}};
}

Json ToJson(const Member& m) {
  Json j = ToJson(m.user);
  j.erase("admin");
  j["role"] = RoleName(m.role);
  return j;
}

Json ToJson(const ApiTokenRecord& t) {
  Json j = {{"id", t.id},
            {"name", t.name},
            {"role", RoleName(t.role)},
            {"created_at", FormatIso8601(t.created_at)},
            {"last_used_at", nullptr},
            {"revoked_at", nullptr}};
  if (auto used = IsoOrNull(t.last_used_at)) j["last_used_at"] = *used;
  if (auto revoked = IsoOrNull(t.revoked_at)) j["revoked_at"] = *revoked;
  return j;
}

Json ToJson(const AuditEntry& e) {
  auto parse = [](const std::optional<std::string>& text) -> Json {
    if (!text) return nullptr;
    Json j = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    return j.is_discarded() ? Json(*text) : j;
  };
  return {{"id", e.id},
          {"actor", e.actor},
          {"action", e.action},
          {"target", e.target},
          {"before", parse(e.before_json)},
          {"after", parse(e.after_json)},
          {"at", FormatIso8601(e.at)}};
}

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json ToJson(const Workspace& w) {
  return {{"id", w.id.value},
          {"slug", w.slug},
          {"name", w.name},
          {"time_zone", w.time_zone},
          {"created_at", FormatIso8601(w.created_at)}};
}

Json ToJson(const Channel& c) {
  Json config = Json::parse(c.config_json, nullptr, false);
  if (config.is_discarded()) config = Json::object();
  return {{"id", c.id.value},
          {"workspace_id", c.workspace_id.value},
          {"platform", c.platform},
          {"name", c.name},
          {"config", config},
          {"enabled", c.enabled},
          {"created_at", FormatIso8601(c.created_at)}};
}

Json ToJson(const ChannelStatus& s) {
  auto time = [](const std::optional<Timestamp>& t) {
    return t ? Json(FormatIso8601(*t)) : Json(nullptr);
  };
  return {{"health", ChannelHealthName(s.health)},
          {"items_collected", s.items_collected},
          {"consecutive_failures", s.consecutive_failures},
          {"last_attempt_at", time(s.last_attempt_at)},
          {"last_success_at", time(s.last_success_at)},
          {"last_error_at", time(s.last_error_at)},
          {"last_error", s.last_error.empty() ? Json(nullptr) : Json(s.last_error)},
          {"next_attempt_at", time(s.next_attempt_at)}};
}

Json ToJson(const Topic& t) {
  return {{"id", t.id.value},
          {"workspace_id", t.workspace_id.value},
          {"name", t.name},
          {"query", t.query},
          {"kind", TopicKindName(t.kind)},
          {"color", t.color},
          {"created_at", FormatIso8601(t.created_at)},
          {"updated_at", FormatIso8601(t.updated_at)}};
}

Json ToJson(const Post& p) {
  Json topics = Json::array();
  for (TopicId t : p.topics) topics.push_back(t.value);
  Json j = {{"id", p.id.value},
            {"workspace_id", p.workspace_id.value},
            {"channel_id", p.channel_id ? Json(p.channel_id->value) : Json(nullptr)},
            {"platform", p.platform},
            {"external_id", p.external_id},
            {"author",
             {{"id", p.author.id.value},
              {"handle", p.author.handle},
              {"display_name", p.author.display_name},
              {"followers", p.author.followers}}},
            {"text", p.text},
            {"lang", p.lang},
            {"url", p.url},
            {"parent_external_id", p.parent_external_id},
            {"published_at", FormatIso8601(p.published_at)},
            {"collected_at", FormatIso8601(p.collected_at)},
            {"metrics",
             {{"likes", p.metrics.likes},
              {"shares", p.metrics.shares},
              {"replies", p.metrics.replies},
              {"reach", p.metrics.reach}}},
            {"sentiment", p.sentiment ? Json(*p.sentiment) : Json(nullptr)},
            {"risk", p.risk ? Json(*p.risk) : Json(nullptr)},
            {"risks", p.risks},
            {"topics", topics}};
  return j;
}

Result<Workspace> WorkspaceFromJson(const Json& body) {
  TRIBU_RETURN_IF_ERROR(OnlyFields(body, {"slug", "name", "time_zone"}));
  Workspace w;
  TRIBU_RETURN_IF_ERROR(ReadString(body, "slug", w.slug, true));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "name", w.name, true));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "time_zone", w.time_zone, false));
  return w;
}

Result<Channel> ChannelFromJson(const Json& body, WorkspaceId workspace) {
  TRIBU_RETURN_IF_ERROR(OnlyFields(body, {"platform", "name", "config", "enabled"}));
  Channel c;
  c.workspace_id = workspace;
  TRIBU_RETURN_IF_ERROR(ReadString(body, "platform", c.platform, true));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "name", c.name, true));
  if (auto it = body.find("config"); it != body.end()) {
    if (!it->is_object()) {
      return Fail(ErrorCode::kInvalidArgument, "field 'config' must be a JSON object");
    }
    c.config_json = Dump(*it);
    if (c.config_json.size() > std::size_t{16} * 1024) {
      return Fail(ErrorCode::kInvalidArgument, "field 'config' is larger than 16 KiB");
    }
  }
  if (auto it = body.find("enabled"); it != body.end()) {
    if (!it->is_boolean()) {
      return Fail(ErrorCode::kInvalidArgument, "field 'enabled' must be true or false");
    }
    c.enabled = it->get<bool>();
  }
  return c;
}

Result<std::string> QueryFromJson(const Json& body) {
  TRIBU_RETURN_IF_ERROR(OnlyFields(body, {"query"}));
  std::string query;
  TRIBU_RETURN_IF_ERROR(ReadString(body, "query", query, true));
  return query;
}

Result<Topic> TopicFromJson(const Json& body, Topic base, bool partial,
                            const text::Tokenizer& tokenizer) {
  TRIBU_RETURN_IF_ERROR(OnlyFields(body, {"name", "query", "kind", "color"}));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "name", base.name, !partial));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "query", base.query, !partial));
  std::string kind;
  TRIBU_RETURN_IF_ERROR(ReadString(body, "kind", kind, false));
  if (!kind.empty()) {
    auto k = ParseTopicKind(kind);
    if (!k) return Fail(k.error().WithContext("field 'kind'"));
    base.kind = *k;
  }
  TRIBU_RETURN_IF_ERROR(ReadString(body, "color", base.color, false));
  TRIBU_RETURN_IF_ERROR(ValidateTopic(base));
  if (auto parsed = listen::ParseQuery(base.query, tokenizer); !parsed) {
    return Fail(parsed.error().ToError().WithContext("field 'query'"));
  }
  return base;
}

}  // namespace tribu::http
