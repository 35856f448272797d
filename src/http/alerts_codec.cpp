#include "http/alerts_codec.h"

#include "http/json_codec.h"
#include "tribu/connectors/mailer.h"
#include "tribu/core/utf8.h"

namespace tribu::http {

namespace {

Json OptionalTime(const std::optional<Timestamp>& t) {
  return t ? Json(FormatIso8601(*t)) : Json(nullptr);
}

template <class T>
Json OptionalId(const std::optional<T>& id) {
  return id ? Json(id->value) : Json(nullptr);
}

std::string Clock(int minute) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 24, minute % 60);
  return buf;
}

// "22:00" -> 1320
Result<int> MinuteOfDay(const Json& j, const char* field) {
  auto bad = [&] {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("field '") + field + "' must be a time of day such as \"22:00\"");
  };
  if (!j.is_string()) return bad();
  const std::string s = j.get<std::string>();
  if (s.size() != 5 || s[2] != ':') return bad();
  for (int i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return bad();
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return bad();
  return h * 60 + m;
}

Result<std::vector<std::int64_t>> Ids(const Json& j, const char* field) {
  if (!j.is_array()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("field '") + field + "' must be a list of ids");
  }
  std::vector<std::int64_t> out;
  for (const Json& x : j) {
    if (!x.is_number_integer() || x.get<std::int64_t>() <= 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("field '") + field + "' must hold positive ids");
    }
    out.push_back(x.get<std::int64_t>());
  }
  return out;
}

// What the UI may show of a URL: its scheme and host, never its path
// (Slack and Discord put the secret there).
std::string UrlHint(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  const auto host_end = url.find_first_of("/?#", scheme + 3);
  std::string hint(url.substr(0, host_end == std::string_view::npos ? url.size() : host_end));
  const auto at = hint.find('@');
  if (at != std::string::npos)
    hint = hint.substr(0, scheme + 3) + hint.substr(at + 1);  // no user:password
  return std::string(TruncateUtf8(hint, 200)) + "/…";
}

}  // namespace

Json ToJson(const Alert& a) {
  Json topics = Json::array();
  for (TopicId t : a.topics) topics.push_back(t.value);
  Json evidence = Json::array();
  for (PostId p : a.evidence) evidence.push_back(p.value);
  Json chart = Json::array();
  for (const AlertPoint& p : a.chart) {
    chart.push_back({{"at", FormatIso8601(p.at)}, {"value", p.value}, {"expected", p.expected}});
  }
  return {{"id", a.id.value},
          {"workspace_id", a.workspace_id.value},
          {"topic_id", OptionalId(a.topic_id)},
          {"topics", topics},
          {"detectors", a.detectors},
          {"rules", a.rules},
          {"severity", AlertSeverityName(a.severity)},
          {"state", AlertStateName(a.state)},
          {"title", a.title},
          {"summary", a.summary},
          {"figure", a.figure},
          {"baseline", a.baseline},
          {"unit", a.unit},
          {"evidence", evidence},
          {"terms", a.terms},
          {"chart", chart},
          {"chart_unit", a.chart_unit},
          {"triggers", a.triggers},
          {"assignee", OptionalId(a.assignee)},
          {"acknowledged_by", OptionalId(a.acknowledged_by)},
          {"resolved_by", OptionalId(a.resolved_by)},
          {"resolution", a.resolution},
          {"opened_at", FormatIso8601(a.opened_at)},
          {"updated_at", FormatIso8601(a.updated_at)},
          {"last_trigger_at", FormatIso8601(a.last_trigger_at)},
          {"acknowledged_at", OptionalTime(a.acknowledged_at)},
          {"resolved_at", OptionalTime(a.resolved_at)}};
}

Json ToJson(const AlertRule& r) {
  Json topics = Json::array();
  for (TopicId t : r.topics) topics.push_back(t.value);
  Json quiet = r.quiet_hours ? Json{{"start", Clock(r.quiet_hours->start_minute)},
                                    {"end", Clock(r.quiet_hours->end_minute)}}
                             : Json(nullptr);
  return {{"id", r.id},
          {"workspace_id", r.workspace_id.value},
          {"name", r.name},
          {"detector", DetectorName(r.detector)},
          {"topics", topics},
          {"sensitivity", SensitivityName(r.sensitivity)},
          {"threshold", r.threshold ? Json(*r.threshold) : Json(nullptr)},
          {"severity", AlertSeverityName(r.severity)},
          {"quiet_hours", quiet},
          {"destinations", r.destinations},
          {"enabled", r.enabled},
          {"created_at", FormatIso8601(r.created_at)},
          {"updated_at", FormatIso8601(r.updated_at)}};
}

Json ToJson(const AlertDestination& d) {
  return {{"id", d.id},
          {"workspace_id", d.workspace_id.value},
          {"name", d.name},
          {"kind", DestinationKindName(d.kind)},
          {"recipients", d.recipients},
          {"url_hint", d.url_hint},
          {"has_secret", d.has_secret},
          {"enabled", d.enabled},
          {"broken", d.broken()},
          {"consecutive_failures", d.consecutive_failures},
          {"last_error", d.last_error},
          {"last_success_at", OptionalTime(d.last_success_at)},
          {"last_failure_at", OptionalTime(d.last_failure_at)},
          {"created_at", FormatIso8601(d.created_at)}};
}

Json ToJson(const AlertEvent& e) {
  return {{"id", e.id},
          {"at", FormatIso8601(e.at)},
          {"kind", e.kind},
          {"actor", e.actor},
          {"detail", e.detail}};
}

Json ToJson(const AlertDelivery& d) {
  return {{"id", d.id},
          {"destination_id", d.destination_id},
          {"event", d.event},
          {"state", DeliveryStateName(d.state)},
          {"attempts", d.attempts},
          {"last_error", d.last_error},
          {"created_at", FormatIso8601(d.created_at)},
          {"next_attempt_at", FormatIso8601(d.next_attempt_at)},
          {"sent_at", OptionalTime(d.sent_at)}};
}

Result<AlertRule> AlertRuleFromJson(const Json& body, AlertRule r, bool partial) {
  TRIBU_RETURN_IF_ERROR(OnlyFields(body, {"name", "detector", "topics", "sensitivity", "threshold",
                                          "severity", "quiet_hours", "destinations", "enabled"}));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "name", r.name, !partial));
  auto text = [&](const char* field, bool required) -> Result<std::optional<std::string>> {
    auto it = body.find(field);
    if (it == body.end()) {
      if (required)
        return Fail(ErrorCode::kInvalidArgument, std::string("field '") + field + "' is missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string("field '") + field + "' must be a string");
    }
    return it->get<std::string>();
  };
  auto detector = text("detector", !partial);
  if (!detector) return Fail(detector.error());
  if (*detector) {
    auto d = ParseDetector(**detector);
    if (!d) return Fail(d.error());
    r.detector = *d;
  }
  auto sensitivity = text("sensitivity", false);
  if (!sensitivity) return Fail(sensitivity.error());
  if (*sensitivity) {
    auto s = ParseSensitivity(**sensitivity);
    if (!s) return Fail(s.error());
    r.sensitivity = *s;
  }
  auto severity = text("severity", false);
  if (!severity) return Fail(severity.error());
  if (*severity) {
    auto s = ParseAlertSeverity(**severity);
    if (!s) return Fail(s.error());
    r.severity = *s;
  }
  if (auto it = body.find("threshold"); it != body.end()) {
    if (it->is_null()) {
      r.threshold.reset();
    } else if (it->is_number()) {
      r.threshold = it->get<double>();
    } else {
      return Fail(ErrorCode::kInvalidArgument, "field 'threshold' must be a number or null");
    }
  }
  if (auto it = body.find("topics"); it != body.end()) {
    auto ids = Ids(*it, "topics");
    if (!ids) return Fail(ids.error());
    r.topics.clear();
    for (std::int64_t id : *ids) r.topics.push_back(TopicId{id});
  }
  if (auto it = body.find("destinations"); it != body.end()) {
    auto ids = Ids(*it, "destinations");
    if (!ids) return Fail(ids.error());
    r.destinations = std::move(*ids);
  }
  if (auto it = body.find("quiet_hours"); it != body.end()) {
    if (it->is_null()) {
      r.quiet_hours.reset();
    } else if (it->is_object() && it->contains("start") && it->contains("end")) {
      auto start = MinuteOfDay((*it)["start"], "quiet_hours.start");
      if (!start) return Fail(start.error());
      auto end = MinuteOfDay((*it)["end"], "quiet_hours.end");
      if (!end) return Fail(end.error());
      r.quiet_hours = QuietHours{*start, *end};
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  "field 'quiet_hours' is {\"start\": \"22:00\", \"end\": \"07:00\"} or null");
    }
  }
  if (auto it = body.find("enabled"); it != body.end()) {
    if (!it->is_boolean())
      return Fail(ErrorCode::kInvalidArgument, "field 'enabled' must be true or false");
    r.enabled = it->get<bool>();
  }
  TRIBU_RETURN_IF_ERROR(ValidateAlertRule(r));
  return r;
}

Result<DestinationInput> DestinationFromJson(const Json& body, AlertDestination d, bool partial) {
  TRIBU_RETURN_IF_ERROR(
      OnlyFields(body, {"name", "kind", "url", "secret", "recipients", "enabled"}));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "name", d.name, !partial));
  if (auto it = body.find("kind"); it != body.end()) {
    if (partial)
      return Fail(ErrorCode::kInvalidArgument, "a destination's kind cannot change; add another");
    if (!it->is_string()) return Fail(ErrorCode::kInvalidArgument, "field 'kind' must be a string");
    auto k = ParseDestinationKind(it->get<std::string>());
    if (!k) return Fail(k.error());
    d.kind = *k;
  } else if (!partial) {
    return Fail(ErrorCode::kInvalidArgument, "field 'kind' is missing");
  }
  TRIBU_RETURN_IF_ERROR(ReadString(body, "recipients", d.recipients, false));
  if (auto it = body.find("enabled"); it != body.end()) {
    if (!it->is_boolean())
      return Fail(ErrorCode::kInvalidArgument, "field 'enabled' must be true or false");
    d.enabled = it->get<bool>();
  }
  DestinationInput out;
  std::string url;
  std::string secret;
  TRIBU_RETURN_IF_ERROR(ReadString(body, "url", url, false));
  TRIBU_RETURN_IF_ERROR(ReadString(body, "secret", secret, false));
  const bool email = d.kind == DestinationKind::kEmail;
  if (email) {
    if (!url.empty() || !secret.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "an e-mail destination takes recipients, not a url");
    }
    std::string list = d.recipients;
    int count = 0;
    for (char& c : list) {
      if (c == ';' || c == '\n') c = ',';
    }
    for (std::size_t at = 0; at <= list.size();) {
      std::size_t comma = std::min(list.find(',', at), list.size());
      std::string one = list.substr(at, comma - at);
      while (!one.empty() && one.front() == ' ') one.erase(0, 1);
      while (!one.empty() && one.back() == ' ') one.pop_back();
      if (!one.empty()) {
        TRIBU_RETURN_IF_ERROR(connectors::ValidateMailAddress(one));
        ++count;
      }
      at = comma + 1;
    }
    if (count == 0)
      return Fail(ErrorCode::kInvalidArgument, "an e-mail destination needs recipients");
    if (count > 50) return Fail(ErrorCode::kInvalidArgument, "at most 50 recipients");
    if (!partial) out.secrets = DestinationSecrets{};
  } else {
    if (!url.empty()) {
      if (!(url.starts_with("https://") || url.starts_with("http://")) || url.size() > 2048) {
        return Fail(ErrorCode::kInvalidArgument,
                    "field 'url' must be an http(s) URL of at most 2048 bytes");
      }
      d.url_hint = UrlHint(url);
    } else if (!partial) {
      return Fail(ErrorCode::kInvalidArgument, "field 'url' is missing: the webhook's address");
    }
    if (!secret.empty() && d.kind != DestinationKind::kWebhook) {
      return Fail(ErrorCode::kInvalidArgument, "only a generic webhook is signed with a secret");
    }
    if (!url.empty() || !secret.empty()) {
      out.secrets = DestinationSecrets{url, secret};
      // Changing one keeps the other: the store replaces both.
      if (partial && (url.empty() || (secret.empty() && d.has_secret))) {
        return Fail(ErrorCode::kInvalidArgument,
                    "give the url and the secret together when changing either");
      }
    }
  }
  out.destination = std::move(d);
  return out;
}

}  // namespace tribu::http
