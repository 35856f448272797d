// Channels: where posts come from, their collecting health, and the inbound
// webhook that feeds the pipeline for anything without a connector.
#include <algorithm>

#include "http/json_codec.h"
#include "http/route_helpers.h"
#include "tribu/connectors/source.h"
#include "tribu/connectors/webhook.h"
#include "tribu/pipeline/messages.h"

namespace tribu::http {

namespace {

Result<Json> ChannelWithStatus(Store& store, const Channel& c) {
  auto status = store.GetChannelStatus(c.id);
  if (!status) return Fail(status.error());
  Json j = ToJson(c);
  j["status"] = ToJson(*status);
  j["collects"] = [&] {
    auto platforms = connectors::CollectablePlatforms();
    return std::find(platforms.begin(), platforms.end(), c.platform) != platforms.end();
  }();
  return j;
}

// Takes the write-only "secret" out of a request body.
Result<std::optional<std::string>> TakeSecret(Json& body) {
  auto it = body.find("secret");
  if (it == body.end()) return std::nullopt;
  if (!it->is_string() || it->get<std::string>().size() > 8192) {
    return Fail(ErrorCode::kInvalidArgument,
                "field 'secret' must be a string of at most 8192 bytes");
  }
  std::string secret = it->get<std::string>();
  body.erase(it);
  return secret;
}

Status CheckCollectable(const Channel& c) {
  auto platforms = connectors::CollectablePlatforms();
  if (std::find(platforms.begin(), platforms.end(), c.platform) == platforms.end()) return {};
  auto s = connectors::ValidateChannelConfig(c.platform, c.config_json);
  if (!s) return Fail(s.error().WithContext("config"));
  return {};
}

Result<ApiResponse> ReceiveHook(ApiContext& ctx, const ApiRequest& req) {
  auto id = ParseId(req.path_params[0], "channel");
  if (!id) return Fail(id.error());
  // The channel is looked up across workspaces: the URL is what the sender knows.
  auto workspaces = ctx.store.ListWorkspaces();
  if (!workspaces) return Fail(workspaces.error());
  std::optional<Channel> channel;
  for (const Workspace& w : *workspaces) {
    auto c = ctx.store.GetChannel(w.id, ChannelId{*id});
    if (c) {
      channel = std::move(*c);
      break;
    }
  }
  // One answer for "no such channel" and "wrong signature": nothing to probe.
  auto secret = channel ? ctx.store.GetChannelSecret(channel->id) : Result<std::string>("");
  if (!secret) return Fail(secret.error());
  if (!channel || channel->platform != "webhook") {
    return Fail(ErrorCode::kUnauthenticated, "webhook signature: no webhook channel matches");
  }
  TRIBU_RETURN_IF_ERROR(connectors::VerifyWebhookSignature(*secret, req.Header("x-tribu-signature"),
                                                           req.body, ctx.clock.Now()));
  if (!channel->enabled) {
    return Fail(ErrorCode::kFailedPrecondition, "the channel is disabled; enable it first");
  }
  auto posts = connectors::ParseWebhookPosts(*channel, req.body, ctx.clock.Now());
  if (!posts) return Fail(posts.error());
  const std::size_t accepted = posts->posts.size();
  if (accepted > 0) {
    // Analysed, matched and stored before the answer: a 202 means the posts
    // are on disk, and a failure is a 503 the sender retries. Nothing is lost.
    pipeline::PostBatch batch{.workspace = channel->workspace_id, .posts = std::move(posts->posts)};
    if (auto s = ctx.annotate.Handle(batch); !s) {
      return Fail(ErrorCode::kUnavailable,
                  "tribu could not analyse the posts; retry later (" + s.error().message + ")");
    }
    auto events = ctx.store_stage.Handle(batch);
    if (!events) {
      if (events.error().code == ErrorCode::kInvalidArgument) return Fail(events.error());
      return Fail(ErrorCode::kUnavailable,
                  "tribu could not store the posts; retry later (" + events.error().message + ")");
    }
    if (ctx.bus != nullptr) {
      for (const auto& e : *events) {
        (void)ctx.bus->Publish(pipeline::kEventsSubject, pipeline::EncodePostStored(e),
                               std::chrono::milliseconds(0));
      }
    }
  }
  return Ok({{"accepted", accepted}, {"rejected", posts->rejected}}, 202);
}

}  // namespace

void AppendChannelRoutes(ApiContext& ctx, std::vector<Route>& routes) {
  Store& store = ctx.store;
  routes.push_back({"GET", "/api/workspaces/{workspace}/channels",
                    Access::In(auth::Permission::kRead),
                    "the workspace's channels and their health",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto ws = ResolveWorkspace(store, req.path_params[0]);
                      if (!ws) return Fail(ws.error());
                      auto list = store.ListChannels(ws->id);
                      if (!list) return Fail(list.error());
                      Json out = Json::array();
                      for (const Channel& c : *list) {
                        auto j = ChannelWithStatus(store, c);
                        if (!j) return Fail(j.error());
                        out.push_back(std::move(*j));
                      }
                      return Ok({{"channels", out}});
                    }});
  routes.push_back({"POST", "/api/workspaces/{workspace}/channels",
                    Access::In(auth::Permission::kManageChannels),
                    "add a channel {platform, name, config?, enabled?, secret?}",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto ws = ResolveWorkspace(store, req.path_params[0]);
                      if (!ws) return Fail(ws.error());
                      auto body = req.JsonBody();
                      if (!body) return Fail(body.error());
                      auto secret = TakeSecret(*body);
                      if (!secret) return Fail(secret.error());
                      auto c = ChannelFromJson(*body, ws->id);
                      if (!c) return Fail(c.error());
                      TRIBU_RETURN_IF_ERROR(CheckCollectable(*c));
                      auto created = store.CreateChannel(*c);
                      if (!created) return Fail(created.error());
                      if (*secret)
                        TRIBU_RETURN_IF_ERROR(store.SetChannelSecret(created->id, **secret));
                      auto j = ChannelWithStatus(store, *created);
                      if (!j) return Fail(j.error());
                      return Ok(std::move(*j), 201);
                    }});
  routes.push_back({"GET", "/api/workspaces/{workspace}/channels/{id}",
                    Access::In(auth::Permission::kRead), "one channel and its health",
                    [&store](const ApiRequest& req) -> Result<ApiResponse> {
                      auto target = ResolveTarget(store, req, "channel");
                      if (!target) return Fail(target.error());
                      auto c = store.GetChannel(target->workspace, ChannelId{target->id});
                      if (!c) return Fail(c.error());
                      auto j = ChannelWithStatus(store, *c);
                      if (!j) return Fail(j.error());
                      return Ok(std::move(*j));
                    }});
  routes.push_back(
      {"PATCH", "/api/workspaces/{workspace}/channels/{id}",
       Access::In(auth::Permission::kManageChannels),
       "enable or disable a channel, or replace its secret {enabled?, secret?}",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto target = ResolveTarget(store, req, "channel");
         if (!target) return Fail(target.error());
         auto body = req.JsonBody();
         if (!body) return Fail(body.error());
         auto secret = TakeSecret(*body);
         if (!secret) return Fail(secret.error());
         for (const auto& [key, value] : body->items()) {
           if (key != "enabled") {
             return Fail(ErrorCode::kInvalidArgument,
                         "field '" + key + "' cannot be changed (only enabled and secret can)");
           }
           if (!value.is_boolean()) {
             return Fail(ErrorCode::kInvalidArgument, "field 'enabled' must be true or false");
           }
         }
         const ChannelId id{target->id};
         auto c = store.GetChannel(target->workspace, id);
         if (!c) return Fail(c.error());
         if (body->contains("enabled")) {
           TRIBU_RETURN_IF_ERROR(
               store.SetChannelEnabled(target->workspace, id, (*body)["enabled"].get<bool>()));
         }
         if (*secret) TRIBU_RETURN_IF_ERROR(store.SetChannelSecret(id, **secret));
         c = store.GetChannel(target->workspace, id);
         if (!c) return Fail(c.error());
         auto j = ChannelWithStatus(store, *c);
         if (!j) return Fail(j.error());
         return Ok(std::move(*j));
       }});
  routes.push_back(
      {"DELETE", "/api/workspaces/{workspace}/channels/{id}",
       Access::In(auth::Permission::kManageChannels), "remove a channel (its posts stay)",
       [&store](const ApiRequest& req) -> Result<ApiResponse> {
         auto target = ResolveTarget(store, req, "channel");
         if (!target) return Fail(target.error());
         TRIBU_RETURN_IF_ERROR(store.DeleteChannel(target->workspace, ChannelId{target->id}));
         return Ok({{"deleted", target->id}});
       }});
  routes.push_back({"POST", "/api/hooks/{channel}", Access::Anyone(),
                    "inbound webhook: posts in tribu's JSON format, signed (X-Tribu-Signature)",
                    [&ctx](const ApiRequest& req) { return ReceiveHook(ctx, req); }});
}

}  // namespace tribu::http
