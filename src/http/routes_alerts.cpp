// Alerts: the list and each alert with its evidence and history; handling
// them (acknowledge, assign, resolve, reopen); the rules that raise them and
// the destinations they are sent to.
#include <algorithm>
#include <limits>

#include "http/alerts_codec.h"
#include "http/json_codec.h"
#include "http/route_helpers.h"
#include "tribu/alerts/alert_service.h"
#include "tribu/alerts/dispatcher.h"

namespace tribu::http {

namespace {

Result<AlertFilter> FilterOf(const ApiRequest& req, WorkspaceId ws) {
  TRIBU_RETURN_IF_ERROR(req.OnlyParams({"state", "topic", "limit", "cursor"}));
  AlertFilter f;
  f.workspace_id = ws;
  if (auto state = req.Param("state")) {
    if (*state == "active") {
      f.active_only = true;
    } else {
      auto s = ParseAlertState(*state);
      if (!s) return Fail(s.error().WithContext("state"));
      f.state = *s;
    }
  }
  auto topic = req.IntParam("topic", 1, std::numeric_limits<std::int64_t>::max());
  if (!topic) return Fail(topic.error());
  if (*topic) f.topic = TopicId{**topic};
  auto limit = req.IntParam("limit", 1, 200);
  if (!limit) return Fail(limit.error());
  if (*limit) f.limit = static_cast<int>(**limit);
  f.cursor = req.Param("cursor").value_or("");
  return f;
}

// An alert with what it stands on: its evidence posts, history and deliveries.
Result<Json> AlertDetail(Store& store, WorkspaceId ws, AlertId id) {
  auto alert = store.GetAlert(ws, id);
  if (!alert) return Fail(alert.error());
  Json posts = Json::array();
  for (PostId p : alert->evidence) {
    auto post = store.GetPost(ws, p);
    if (post) posts.push_back(ToJson(*post));  // a post removed since is left out
  }
  auto history = store.ListAlertEvents(id);
  if (!history) return Fail(history.error());
  auto deliveries = store.ListDeliveries(ws, id);
  if (!deliveries) return Fail(deliveries.error());
  Json j = ToJson(*alert);
  j["posts"] = std::move(posts);
  j["history"] = ToJsonArray(*history);
  j["deliveries"] = ToJsonArray(*deliveries);
  return j;
}

Status CheckMember(Store& store, WorkspaceId ws, UserId user) {
  auto members = store.ListMembers(ws);
  if (!members) return Fail(members.error());
  for (const Member& m : *members) {
    if (m.user.id == user) return {};
  }
  return Fail(ErrorCode::kInvalidArgument,
              "assignee " + std::to_string(user.value) + " is not a member of this workspace");
}

// PATCH an alert: {state?, assignee?, resolution?}. Each change is a line of
// its history, by the person who made it.
Result<ApiResponse> HandleAlert(ApiContext& ctx, const ApiRequest& req, const Target& t) {
  auto body = req.JsonBody();
  if (!body) return Fail(body.error());
  TRIBU_RETURN_IF_ERROR(OnlyFields(*body, {"state", "assignee", "resolution"}));
  auto alert = ctx.store.GetAlert(t.workspace, AlertId{t.id});
  if (!alert) return Fail(alert.error());
  Alert a = std::move(*alert);
  const Timestamp now = ctx.clock.Now();
  // An API token acts for no person: its changes carry no user.
  const std::optional<UserId> who =
      req.principal->user ? std::optional<UserId>(req.principal->user->id) : std::nullopt;
  std::vector<std::pair<std::string, std::string>> changes;  // kind, detail
  if (auto it = body->find("resolution"); it != body->end()) {
    if (!it->is_string() || it->get<std::string>().size() > 2000) {
      return Fail(ErrorCode::kInvalidArgument,
                  "field 'resolution' must be text of at most 2000 bytes");
    }
    a.resolution = it->get<std::string>();
  }
  if (auto it = body->find("assignee"); it != body->end()) {
    if (it->is_null()) {
      if (a.assignee) changes.emplace_back("assigned", "no one is assigned any more");
      a.assignee.reset();
    } else if (it->is_number_integer() && it->get<std::int64_t>() > 0) {
      const UserId user{it->get<std::int64_t>()};
      TRIBU_RETURN_IF_ERROR(CheckMember(ctx.store, t.workspace, user));
      auto u = ctx.store.GetUser(user);
      if (!u) return Fail(u.error());
      if (a.assignee != user) {
        changes.emplace_back(
            "assigned", "assigned to " + (u->display_name.empty() ? u->email : u->display_name));
      }
      a.assignee = user;
    } else {
      return Fail(ErrorCode::kInvalidArgument, "field 'assignee' is a member's user id, or null");
    }
  }
  if (auto it = body->find("state"); it != body->end()) {
    if (!it->is_string())
      return Fail(ErrorCode::kInvalidArgument, "field 'state' must be a string");
    auto state = ParseAlertState(it->get<std::string>());
    if (!state) return Fail(state.error().WithContext("state"));
    if (*state != a.state) {
      if (*state == AlertState::kAcknowledged) {
        a.acknowledged_at = now;
        a.acknowledged_by = who;
        changes.emplace_back("acknowledged", "acknowledged");
      } else if (*state == AlertState::kResolved) {
        a.resolved_at = now;
        a.resolved_by = who;
        changes.emplace_back("resolved",
                             a.resolution.empty() ? "resolved" : "resolved: " + a.resolution);
      } else {
        a.resolved_at.reset();
        a.resolved_by.reset();
        a.acknowledged_at.reset();
        a.acknowledged_by.reset();
        changes.emplace_back("reopened", "reopened");
      }
      a.state = *state;
    }
  }
  if (changes.empty() && !body->contains("resolution")) {
    return Ok(ToJson(a));  // nothing changed
  }
  if (changes.empty()) changes.emplace_back("noted", "note: " + a.resolution);
  a.updated_at = now;
  const std::string actor = req.principal->AuditName();
  for (std::size_t i = 0; i < changes.size(); ++i) {
    AlertEvent e{0, a.id, now, changes[i].first, actor, changes[i].second};
    if (i + 1 < changes.size()) {
      TRIBU_RETURN_IF_ERROR(ctx.store.AppendAlertEvent(e));
    } else {
      auto saved = ctx.store.SaveAlert(a, e, {});
      if (!saved) return Fail(saved.error());
      a = std::move(*saved);
    }
  }
  if (ctx.bus != nullptr) {
    const Json note = {
        {"workspace", t.workspace.value}, {"alert", a.id.value}, {"event", changes.back().first}};
    (void)ctx.bus->Publish(alerts::kAlertsSubject, Dump(note), std::chrono::milliseconds(0));
  }
  return Ok(ToJson(a));
}

}  // namespace

void AppendAlertRoutes(ApiContext& ctx, std::vector<Route>& routes) {
  Store& store = ctx.store;
  routes.push_back(
      {"GET", "/api/workspaces/{workspace}/alerts", Access::In(auth::Permission::kRead),
       "alerts, newest first: state (open, acknowledged, resolved, active), topic, "
       "limit, cursor",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto ws = ResolveWorkspace(store, req.path_params[0]);
         if (!ws) return Fail(ws.error());
         auto f = FilterOf(req, ws->id);
         if (!f) return Fail(f.error());
         auto page = store.ListAlerts(*f);
         if (!page) return Fail(page.error());
         return Ok({{"alerts", ToJsonArray(page->alerts)}, {"next_cursor", page->next_cursor}});
       }});
  routes.push_back({"GET", "/api/workspaces/{workspace}/alerts/{id}",
                    Access::In(auth::Permission::kRead),
                    "an alert with its evidence posts, history and deliveries",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert");
                      if (!t) return Fail(t.error());
                      auto j = AlertDetail(store, t->workspace, AlertId{t->id});
                      if (!j) return Fail(j.error());
                      return Ok(std::move(*j));
                    }});
  routes.push_back(
      {"PATCH", "/api/workspaces/{workspace}/alerts/{id}",
       Access::In(auth::Permission::kHandleAlerts),
       "acknowledge, assign, resolve or reopen an alert {state?, assignee?, resolution?}",
       [&ctx](const ApiRequest& req) -> Result<ApiResponse> {
         auto t = ResolveTarget(ctx.store, req, "alert");
         if (!t) return Fail(t.error());
         return HandleAlert(ctx, req, *t);
       }});
  routes.push_back(
      {"POST", "/api/workspaces/{workspace}/alerts/{id}/deliveries/{delivery}/retry",
       Access::In(auth::Permission::kHandleAlerts), "send a failed delivery again",
       [&ctx](const ApiRequest& req) -> Result<ApiResponse> {
         auto t = ResolveTarget(ctx.store, req, "alert");
         if (!t) return Fail(t.error());
         auto d = ParseId(req.path_params[2], "delivery");
         if (!d) return Fail(d.error());
         auto list = ctx.store.ListDeliveries(t->workspace, AlertId{t->id});
         if (!list) return Fail(list.error());
         if (std::none_of(list->begin(), list->end(),
                          [&](const AlertDelivery& x) { return x.id == *d; })) {
           return Fail(ErrorCode::kNotFound, "delivery " + std::to_string(*d) + " not found");
         }
         TRIBU_RETURN_IF_ERROR(ctx.store.RetryDelivery(t->workspace, *d, ctx.clock.Now()));
         if (ctx.dispatcher) ctx.dispatcher->Wake();
         return Ok({{"retrying", *d}});
       }});

  // Rules.
  routes.push_back({"GET", "/api/workspaces/{workspace}/alert-rules",
                    Access::In(auth::Permission::kRead), "the workspace's alert rules",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto ws = ResolveWorkspace(store, req.path_params[0]);
                      if (!ws) return Fail(ws.error());
                      auto list = store.ListAlertRules(ws->id);
                      if (!list) return Fail(list.error());
                      return Ok({{"rules", ToJsonArray(*list)}});
                    }});
  routes.push_back({"POST", "/api/workspaces/{workspace}/alert-rules",
                    Access::In(auth::Permission::kManageAlerts),
                    "add a rule {name, detector, topics?, sensitivity?, threshold?, severity?, "
                    "quiet_hours?, destinations?, enabled?}",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto ws = ResolveWorkspace(store, req.path_params[0]);
                      if (!ws) return Fail(ws.error());
                      auto body = req.JsonBody();
                      if (!body) return Fail(body.error());
                      AlertRule base;
                      base.workspace_id = ws->id;
                      auto rule = AlertRuleFromJson(*body, base, false);
                      if (!rule) return Fail(rule.error());
                      auto created = store.CreateAlertRule(*rule);
                      if (!created) return Fail(created.error());
                      return Ok(ToJson(*created), 201);
                    }});
  routes.push_back({"GET", "/api/workspaces/{workspace}/alert-rules/{id}",
                    Access::In(auth::Permission::kRead), "one alert rule",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert rule");
                      if (!t) return Fail(t.error());
                      auto rule = store.GetAlertRule(t->workspace, t->id);
                      if (!rule) return Fail(rule.error());
                      return Ok(ToJson(*rule));
                    }});
  routes.push_back({"PATCH", "/api/workspaces/{workspace}/alert-rules/{id}",
                    Access::In(auth::Permission::kManageAlerts), "change an alert rule",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert rule");
                      if (!t) return Fail(t.error());
                      auto body = req.JsonBody();
                      if (!body) return Fail(body.error());
                      auto base = store.GetAlertRule(t->workspace, t->id);
                      if (!base) return Fail(base.error());
                      auto rule = AlertRuleFromJson(*body, *base, true);
                      if (!rule) return Fail(rule.error());
                      auto updated = store.UpdateAlertRule(*rule);
                      if (!updated) return Fail(updated.error());
                      return Ok(ToJson(*updated));
                    }});
  routes.push_back({"DELETE", "/api/workspaces/{workspace}/alert-rules/{id}",
                    Access::In(auth::Permission::kManageAlerts), "remove an alert rule",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert rule");
                      if (!t) return Fail(t.error());
                      TRIBU_RETURN_IF_ERROR(store.DeleteAlertRule(t->workspace, t->id));
                      return Ok({{"deleted", t->id}});
                    }});

  // Destinations.
  routes.push_back({"GET", "/api/workspaces/{workspace}/alert-destinations",
                    Access::In(auth::Permission::kHandleAlerts),
                    "where alerts are sent, and whether each works",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto ws = ResolveWorkspace(store, req.path_params[0]);
                      if (!ws) return Fail(ws.error());
                      auto list = store.ListAlertDestinations(ws->id);
                      if (!list) return Fail(list.error());
                      return Ok({{"destinations", ToJsonArray(*list)}});
                    }});
  routes.push_back({"POST", "/api/workspaces/{workspace}/alert-destinations",
                    Access::In(auth::Permission::kManageAlerts),
                    "add a destination {name, kind (slack, mattermost, discord, teams, webhook, "
                    "email), url (write-only), secret? (write-only, webhook), recipients? (email)}",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto ws = ResolveWorkspace(store, req.path_params[0]);
                      if (!ws) return Fail(ws.error());
                      auto body = req.JsonBody();
                      if (!body) return Fail(body.error());
                      AlertDestination base;
                      base.workspace_id = ws->id;
                      auto d = DestinationFromJson(*body, base, false);
                      if (!d) return Fail(d.error());
                      auto created = store.CreateAlertDestination(d->destination, *d->secrets);
                      if (!created) return Fail(created.error());
                      return Ok(ToJson(*created), 201);
                    }});
  routes.push_back({"GET", "/api/workspaces/{workspace}/alert-destinations/{id}",
                    Access::In(auth::Permission::kHandleAlerts), "one destination",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert destination");
                      if (!t) return Fail(t.error());
                      auto d = store.GetAlertDestination(t->workspace, t->id);
                      if (!d) return Fail(d.error());
                      return Ok(ToJson(*d));
                    }});
  routes.push_back({"PATCH", "/api/workspaces/{workspace}/alert-destinations/{id}",
                    Access::In(auth::Permission::kManageAlerts),
                    "change a destination {name?, url?, secret?, recipients?, enabled?}",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert destination");
                      if (!t) return Fail(t.error());
                      auto body = req.JsonBody();
                      if (!body) return Fail(body.error());
                      auto base = store.GetAlertDestination(t->workspace, t->id);
                      if (!base) return Fail(base.error());
                      auto d = DestinationFromJson(*body, *base, true);
                      if (!d) return Fail(d.error());
                      auto updated = store.UpdateAlertDestination(d->destination, d->secrets);
                      if (!updated) return Fail(updated.error());
                      return Ok(ToJson(*updated));
                    }});
  routes.push_back({"DELETE", "/api/workspaces/{workspace}/alert-destinations/{id}",
                    Access::In(auth::Permission::kManageAlerts),
                    "remove a destination (rules stop sending there)",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto t = ResolveTarget(store, req, "alert destination");
                      if (!t) return Fail(t.error());
                      TRIBU_RETURN_IF_ERROR(store.DeleteAlertDestination(t->workspace, t->id));
                      return Ok({{"deleted", t->id}});
                    }});
  routes.push_back(
      {"POST", "/api/workspaces/{workspace}/alert-destinations/{id}/test",
       Access::In(auth::Permission::kManageAlerts), "send a test message to a destination now",
       [&ctx](const ApiRequest& req) -> Result<ApiResponse> {
         auto t = ResolveTarget(ctx.store, req, "alert destination");
         if (!t) return Fail(t.error());
         if (!ctx.dispatcher) {
           return Fail(ErrorCode::kUnavailable, "alerts are off on this server (alerts.enabled)");
         }
         auto sent = ctx.dispatcher->SendTest(t->workspace, t->id);
         auto d = ctx.store.GetAlertDestination(t->workspace, t->id);
         if (!d) return Fail(d.error());
         Json j = ToJson(*d);
         j["sent"] = sent.has_value();
         if (!sent) j["error"] = sent.error().message;
         return Ok(std::move(j));
       }});
}

}  // namespace tribu::http
