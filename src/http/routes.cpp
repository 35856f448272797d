// The route table: the whole API at a glance, then the handlers.
#include <charconv>

#include "http/json_codec.h"
#include "http/route_helpers.h"
#include "http/router.h"
#include "tribu/alerts/rules.h"
#include "tribu/listen/matcher.h"
#include "tribu/pipeline/rematch.h"

namespace tribu::http {

namespace {

// Splits "a,b" and repeated parameters into one list.
std::vector<std::string> ListParam(const ApiRequest& req, const std::string& name) {
  std::vector<std::string> out;
  auto [begin, end] = req.query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view v = it->second;
    while (!v.empty()) {
      auto comma = v.find(',');
      std::string_view item = v.substr(0, comma);
      if (!item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  return out;
}

Result<ApiResponse> ListPosts(Store& store, const ApiRequest& req) {
  TRIBU_RETURN_IF_ERROR(req.OnlyParams({"q", "platform", "lang", "author", "topic", "sentiment",
                                        "since", "until", "limit", "cursor"}));
  auto ws = ResolveWorkspace(store, req.path_params[0]);
  if (!ws) return Fail(ws.error());
  PostFilter f;
  f.workspace_id = ws->id;
  f.text = req.Param("q").value_or("");
  f.platforms = ListParam(req, "platform");
  f.lang = req.Param("lang").value_or("");
  f.author = req.Param("author").value_or("");
  f.sentiment = req.Param("sentiment").value_or("");
  f.cursor = req.Param("cursor").value_or("");
  auto topic = req.IntParam("topic", 1, INT64_MAX);
  if (!topic) return Fail(topic.error());
  if (*topic) f.topic = TopicId{**topic};
  auto since = req.TimeParam("since");
  if (!since) return Fail(since.error());
  f.since = *since;
  auto until = req.TimeParam("until");
  if (!until) return Fail(until.error());
  f.until = *until;
  auto limit = req.IntParam("limit", 1, 500);
  if (!limit) return Fail(limit.error());
  f.limit = static_cast<int>(limit->value_or(50));
  auto page = store.ListPosts(f);
  if (!page) return Fail(page.error());
  return Ok({{"posts", ToJsonArray(page->posts)},
             {"next_cursor", page->next_cursor.empty() ? Json(nullptr) : Json(page->next_cursor)}});
}

// Stored posts follow the topic's new query: the response tells how many match.
Result<ApiResponse> RematchAndRespond(const ApiContext& ctx, const Topic& topic, int status) {
  auto stats = pipeline::RematchTopics(ctx.store, ctx.analyzer, topic.workspace_id,
                                       std::span<const Topic>(&topic, 1));
  if (!stats) {
    return Fail(stats.error().WithContext("topic saved, but re-matching the stored posts failed"));
  }
  Json body = ToJson(topic);
  body["matched_posts"] = stats->matched.front().second;
  return Ok(std::move(body), status);
}

Result<ApiResponse> SaveTopic(const ApiContext& ctx, const ApiRequest& req, bool partial) {
  Store& store = ctx.store;
  auto target = ResolveTarget(store, req, "topic");
  if (!target) return Fail(target.error());
  auto body = req.JsonBody();
  if (!body) return Fail(body.error());
  auto current = store.GetTopic(target->workspace, TopicId{target->id});
  if (!current) return Fail(current.error());
  auto topic = TopicFromJson(*body, *current, partial, ctx.analyzer.tokenizer());
  if (!topic) return Fail(topic.error());
  auto saved = store.UpdateTopic(*topic);
  if (!saved) return Fail(saved.error());
  return RematchAndRespond(ctx, *saved, 200);
}

Result<ApiResponse> CheckQuery(const ApiContext& ctx, const ApiRequest& req) {
  auto body = req.JsonBody();
  if (!body) return Fail(body.error());
  auto query_field = QueryFromJson(*body);
  if (!query_field) return Fail(query_field.error());
  const std::string& query = *query_field;
  auto parsed = listen::ParseQuery(query, ctx.analyzer.tokenizer());
  if (!parsed) {
    const listen::QueryError& e = parsed.error();
    return Ok({{"valid", false},
               {"error", {{"column", e.column}, {"message", e.message}, {"hint", e.hint}}}});
  }
  listen::CompileReport report;
  auto set = listen::TopicSet::Compile({{TopicId{1}, WorkspaceId{1}, query}},
                                       ctx.analyzer.tokenizer(), &report);
  if (!set) return Fail(set.error());
  return Ok({{"valid", true},
             {"reads_as", listen::Describe(*parsed->root)},
             {"looks_for", (*set)->AnchorWords(0)}});
}

}  // namespace

std::vector<Route> BuildRoutes(ApiContext& ctx) {
  Store& store = ctx.store;
  std::vector<Route> routes = {
      {"GET", "/api/health", Access::Anyone(), "liveness and database reachability",
       [&ctx](const ApiRequest& req) -> Result<ApiResponse> {
         TRIBU_RETURN_IF_ERROR(req.OnlyParams({}));
         auto schema = ctx.store.GetSchemaStatus();
         if (!schema) {
           return Fail(ErrorCode::kUnavailable, "database unreachable: " + schema.error().message);
         }
         return Ok({{"status", schema->pending.empty() ? "ok" : "migrations_pending"},
                    {"schema_version", schema->current_version},
                    {"time", FormatIso8601(ctx.clock.Now())}});
       }},
      {"GET", "/api/version", Access::Anyone(), "tribu's version",
       [&ctx](const ApiRequest& req) -> Result<ApiResponse> {
         TRIBU_RETURN_IF_ERROR(req.OnlyParams({}));
         auto schema = ctx.store.GetSchemaStatus();
         return Ok(
             {{"version", ctx.version}, {"schema_version", schema ? schema->current_version : 0}});
       }},

      {"POST", "/api/query/check", Access::SignedIn(false),
       "validate a listening query {query}: {valid, reads_as, looks_for} or {valid: false, "
       "error: {column, message, hint}}",
       [&ctx](const ApiRequest& req) { return CheckQuery(ctx, req); }},

      {"GET", "/api/workspaces", Access::SignedIn(),
       "the workspaces the caller has a role in (all of them for an administrator)",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         TRIBU_RETURN_IF_ERROR(req.OnlyParams({}));
         auto list = store.ListWorkspaces();
         if (!list) return Fail(list.error());
         Json out = Json::array();
         for (const Workspace& w : *list) {
           auto role = req.principal->RoleIn(w.id);
           if (!role) continue;
           Json j = ToJson(w);
           j["role"] = RoleName(*role);
           out.push_back(std::move(j));
         }
         return Ok({{"workspaces", out}});
       }},
      {"POST", "/api/workspaces", Access::Admin(),
       "create a workspace {slug, name, time_zone?}; its creator becomes its owner",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto body = req.JsonBody();
         if (!body) return Fail(body.error());
         auto w = WorkspaceFromJson(*body);
         if (!w) return Fail(w.error());
         auto created = store.CreateWorkspace(*w);
         if (!created) return Fail(created.error());
         TRIBU_RETURN_IF_ERROR(alerts::AddDefaultRules(store, created->id));
         if (req.principal->user) {
           TRIBU_RETURN_IF_ERROR(
               store.SetMembership(created->id, req.principal->user->id, Role::kOwner));
         }
         return Ok(ToJson(*created), 201);
       }},
      {"GET", "/api/workspaces/{workspace}", Access::In(auth::Permission::kRead),
       "one workspace, by id or slug",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto ws = ResolveWorkspace(store, req.path_params[0]);
         if (!ws) return Fail(ws.error());
         return Ok(ToJson(*ws));
       }},

      {"GET", "/api/workspaces/{workspace}/topics", Access::In(auth::Permission::kRead),
       "list the workspace's topics",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto ws = ResolveWorkspace(store, req.path_params[0]);
         if (!ws) return Fail(ws.error());
         auto list = store.ListTopics(ws->id);
         if (!list) return Fail(list.error());
         return Ok({{"topics", ToJsonArray(*list)}});
       }},
      {"POST", "/api/workspaces/{workspace}/topics", Access::In(auth::Permission::kEditTopics),
       "create a topic {name, query, kind?, color?}",
       [&store, &ctx](const ApiRequest& req) -> Result<ApiResponse> {
         auto ws = ResolveWorkspace(store, req.path_params[0]);
         if (!ws) return Fail(ws.error());
         auto body = req.JsonBody();
         if (!body) return Fail(body.error());
         Topic base;
         base.workspace_id = ws->id;
         auto t = TopicFromJson(*body, base, /*partial=*/false, ctx.analyzer.tokenizer());
         if (!t) return Fail(t.error());
         auto created = store.CreateTopic(*t);
         if (!created) return Fail(created.error());
         return RematchAndRespond(ctx, *created, 201);
       }},
      {"GET", "/api/workspaces/{workspace}/topics/{id}", Access::In(auth::Permission::kRead),
       "one topic",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto target = ResolveTarget(store, req, "topic");
         if (!target) return Fail(target.error());
         auto t = store.GetTopic(target->workspace, TopicId{target->id});
         if (!t) return Fail(t.error());
         return Ok(ToJson(*t));
       }},
      {"PUT", "/api/workspaces/{workspace}/topics/{id}", Access::In(auth::Permission::kEditTopics),
       "replace a topic {name, query, kind?, color?}",
       [&ctx](const ApiRequest& req) { return SaveTopic(ctx, req, /*partial=*/false); }},
      {"PATCH", "/api/workspaces/{workspace}/topics/{id}",
       Access::In(auth::Permission::kEditTopics), "change some fields of a topic",
       [&ctx](const ApiRequest& req) { return SaveTopic(ctx, req, /*partial=*/true); }},
      {"DELETE", "/api/workspaces/{workspace}/topics/{id}",
       Access::In(auth::Permission::kEditTopics), "delete a topic",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto target = ResolveTarget(store, req, "topic");
         if (!target) return Fail(target.error());
         TRIBU_RETURN_IF_ERROR(store.DeleteTopic(target->workspace, TopicId{target->id}));
         return Ok({{"deleted", target->id}});
       }},

      {"GET", "/api/workspaces/{workspace}/posts", Access::In(auth::Permission::kRead),
       "posts, newest first: q (full text), platform, lang, author, topic, sentiment "
       "(negative|neutral|positive), since, until, limit, cursor",
       [&store](const ApiRequest& req) { return ListPosts(store, req); }},
      {"GET", "/api/workspaces/{workspace}/posts/{id}", Access::In(auth::Permission::kRead),
       "one post",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto target = ResolveTarget(store, req, "post");
         if (!target) return Fail(target.error());
         auto p = store.GetPost(target->workspace, PostId{target->id});
         if (!p) return Fail(p.error());
         return Ok(ToJson(*p));
       }},
  };
  AppendChannelRoutes(ctx, routes);
  AppendAccountRoutes(ctx, routes);
  AppendStatsRoutes(ctx, routes);
  AppendAlertRoutes(ctx, routes);
  return routes;
}

}  // namespace tribu::http
