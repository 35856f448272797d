// The listening dashboard's figures (see tribu/analytics/listening_stats.h).
#include "http/json_codec.h"
#include "http/route_helpers.h"
#include "tribu/analytics/listening_stats.h"

namespace tribu::http {

namespace {

Json CountsJson(const std::vector<PostAggregates::Count>& counts, const char* key) {
  Json out = Json::array();
  for (const auto& c : counts) out.push_back({{key, c.key}, {"posts", c.posts}});
  return out;
}

Json TermsJson(const std::vector<analytics::TermCount>& terms) {
  Json out = Json::array();
  for (const auto& t : terms) out.push_back({{"term", t.term}, {"posts", t.posts}});
  return out;
}

Json StatsJson(const analytics::ListeningStats& s, const analytics::StatsRequest& req) {
  auto optional = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  Json series = Json::array();
  for (const auto& b : s.series) {
    series.push_back({{"start", FormatIso8601(b.start)},
                      {"posts", b.posts},
                      {"negative", b.negative},
                      {"positive", b.positive},
                      {"neutral", b.posts - b.negative - b.positive},
                      {"sentiment", optional(b.sentiment)}});
  }
  Json topics = Json::array();
  for (const auto& t : s.topics) {
    topics.push_back({{"id", t.id.value},
                      {"name", t.name},
                      {"kind", TopicKindName(t.kind)},
                      {"color", t.color},
                      {"posts", t.posts}});
  }
  Json authors = Json::array();
  for (const auto& a : s.top_authors) {
    authors.push_back({{"platform", a.platform},
                       {"handle", a.handle},
                       {"display_name", a.display_name},
                       {"followers", a.followers},
                       {"posts", a.posts}});
  }
  return {{"since", FormatIso8601(*req.filter.since)},
          {"until", FormatIso8601(*req.filter.until)},
          {"time_zone", req.time_zone},
          {"interval", analytics::IntervalName(s.interval)},
          {"total", s.total},
          {"negative", s.negative},
          {"positive", s.positive},
          {"neutral", s.total - s.negative - s.positive},
          {"sentiment", optional(s.sentiment)},
          {"series", series},
          {"share_of_voice", topics},
          {"platforms", CountsJson(s.platforms, "platform")},
          {"languages", CountsJson(s.languages, "lang")},
          {"top_authors", authors},
          {"top_terms", TermsJson(s.top_terms)},
          {"top_hashtags", TermsJson(s.top_hashtags)},
          {"terms_sampled", s.terms_sampled}};
}

Result<ApiResponse> Stats(const ApiContext& ctx, const ApiRequest& req) {
  TRIBU_RETURN_IF_ERROR(req.OnlyParams(
      {"since", "until", "topic", "platform", "lang", "q", "sentiment", "interval", "tz"}));
  auto ws = ResolveWorkspace(ctx.store, req.path_params[0]);
  if (!ws) return Fail(ws.error());
  analytics::StatsRequest sr;
  sr.filter.workspace_id = ws->id;
  sr.filter.text = req.Param("q").value_or("");
  sr.filter.lang = req.Param("lang").value_or("");
  sr.filter.sentiment = req.Param("sentiment").value_or("");
  if (auto p = req.Param("platform"); p && !p->empty()) sr.filter.platforms = {*p};
  auto topic = req.IntParam("topic", 1, INT64_MAX);
  if (!topic) return Fail(topic.error());
  if (*topic) sr.filter.topic = TopicId{**topic};
  auto until = req.TimeParam("until");
  if (!until) return Fail(until.error());
  auto since = req.TimeParam("since");
  if (!since) return Fail(since.error());
  sr.filter.until = until->value_or(ctx.clock.Now());
  sr.filter.since = since->value_or(*sr.filter.until - std::chrono::days(7));
  sr.time_zone = req.Param("tz").value_or(ws->time_zone);
  if (auto interval = req.Param("interval")) {
    if (*interval == "hour") {
      sr.interval = analytics::Interval::kHour;
    } else if (*interval == "day") {
      sr.interval = analytics::Interval::kDay;
    } else {
      return Fail(ErrorCode::kInvalidArgument, "interval is hour or day");
    }
  }
  auto stats = analytics::ComputeListeningStats(ctx.store, ctx.analyzer, sr);
  if (!stats) return Fail(stats.error());
  return Ok(StatsJson(*stats, sr));
}

}  // namespace

void AppendStatsRoutes(ApiContext& ctx, std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/workspaces/{workspace}/stats", Access::In(auth::Permission::kRead),
                    "dashboard figures: volume and sentiment over time, share of voice, "
                    "platforms, languages, top authors, terms, hashtags (since, until, topic, "
                    "platform, lang, q, interval=hour|day, tz)",
                    [&ctx](const ApiRequest& req) { return Stats(ctx, req); }});
}

}  // namespace tribu::http
