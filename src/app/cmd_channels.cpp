// tribu channels add|list|test|remove: the places tribu collects from.
#include <fmt/format.h>

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/terminal.h"
#include "tribu/connectors/source.h"
#include "tribu/core/platform.h"

namespace tribu::app {
namespace {

using nlohmann::json;

// A channel by id or by name.
Result<Channel> FindChannel(Store& store, WorkspaceId workspace, const std::string& which) {
  auto list = store.ListChannels(workspace);
  if (!list) return Fail(list.error());
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(which.data(), which.data() + which.size(), id);
  const bool numeric = ec == std::errc() && ptr == which.data() + which.size();
  for (const Channel& c : *list) {
    if (c.name == which || (numeric && c.id.value == id)) return c;
  }
  std::string names;
  for (const Channel& c : *list) names += (names.empty() ? "" : ", ") + c.name;
  return Fail(ErrorCode::kNotFound,
              "no channel '" + which + "' in this workspace" +
                  (names.empty() ? " (it has none)" : " (it has: " + names + ")"));
}

std::string Ago(std::optional<Timestamp> t, Timestamp now) {
  if (!t) return "never";
  auto s = std::chrono::duration_cast<std::chrono::seconds>(now - *t).count();
  if (s < 0) return "in " + std::to_string(-s) + "s";
  if (s < 120) return std::to_string(s) + "s ago";
  if (s < 7200) return std::to_string(s / 60) + "m ago";
  if (s < 172800) return std::to_string(s / 3600) + "h ago";
  return std::to_string(s / 86400) + "d ago";
}

// The store, and the channel named on the command line in the chosen workspace.
struct Target {
  std::unique_ptr<Store> store;
  Workspace workspace;
  Channel channel;
};

Result<Target> OpenChannel(AppContext& ctx, const ChannelsArgs& args) {
  auto store = ctx.OpenStore();
  if (!store) return Fail(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!workspace) return Fail(workspace.error());
  auto channel = FindChannel(**store, workspace->id, args.name);
  if (!channel) return Fail(channel.error());
  return Target{std::move(*store), std::move(*workspace), std::move(*channel)};
}

}  // namespace

int RunChannelsAdd(AppContext& ctx, const ChannelsArgs& args) {
  if (auto s = ValidatePlatformName(args.platform); !s) return ReportError(s.error());
  json config = json::object();
  if (!args.url.empty()) config["url"] = args.url;
  if (args.interval != 0) config["interval_seconds"] = args.interval;
  for (const std::string& kv : args.settings) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "tribu: --setting takes key=value, got '" << kv << "'\n";
      return kExitUsage;
    }
    std::string value = kv.substr(eq + 1);
    json parsed = json::parse(value, nullptr, false);
    config[kv.substr(0, eq)] =
        parsed.is_discarded() || parsed.is_object() || parsed.is_array() ? json(value) : parsed;
  }
  const std::string config_json = config.dump();
  const auto collectable = connectors::CollectablePlatforms();
  const bool collects =
      std::find(collectable.begin(), collectable.end(), args.platform) != collectable.end();
  if (collects) {
    if (auto s = connectors::ValidateChannelConfig(args.platform, config_json); !s) {
      return ReportError(s.error());
    }
  }
  std::string secret;
  if (args.secret_stdin) {
    std::getline(std::cin, secret);
    while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
    if (secret.empty()) {
      std::cerr << "tribu: --secret-stdin: standard input held no secret\n";
      return kExitUsage;
    }
  }
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/true);
  if (!workspace) return ReportError(workspace.error());
  auto created = (*store)->CreateChannel({.workspace_id = workspace->id,
                                          .platform = args.platform,
                                          .name = args.name,
                                          .config_json = config_json,
                                          .enabled = !args.disabled});
  if (!created) return ReportError(created.error());
  if (!secret.empty()) {
    if (auto s = (*store)->SetChannelSecret(created->id, secret); !s) return ReportError(s.error());
  }
  std::cout << fmt::format("added channel {} '{}' ({}) to workspace '{}'\n", created->id.value,
                           created->name, created->platform, workspace->slug);
  if (!collects) {
    std::cout << "  tribu does not collect from " << args.platform
              << " itself: import its exports into this channel with 'tribu import'\n";
  } else if (args.disabled) {
    std::cout << "  disabled: 'tribu serve' will not collect from it\n";
  } else {
    std::cout << "  'tribu serve' collects from it; 'tribu channels test " << created->name
              << "' fetches once now\n";
  }
  return kExitOk;
}

int RunChannelsList(AppContext& ctx, const ChannelsArgs& args) {
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!workspace) return ReportError(workspace.error());
  auto list = (*store)->ListChannels(workspace->id);
  if (!list) return ReportError(list.error());
  if (list->empty()) {
    std::cout << "no channels in '" << workspace->slug
              << "' yet; add one with: tribu channels add rss --name NAME --url FEED_URL\n";
    return kExitOk;
  }
  const Timestamp now = ctx.clock.Now();
  std::cout << fmt::format("{:>4}  {:<10} {:<28} {:<9} {:>9}  {:<10} {}\n", "id", "platform",
                           "name", "health", "collected", "success", "last error");
  for (const Channel& c : *list) {
    auto st = (*store)->GetChannelStatus(c.id);
    if (!st) return ReportError(st.error());
    std::string health = c.enabled ? std::string(ChannelHealthName(st->health)) : "disabled";
    std::string error = st->last_error.empty() ? ""
                                               : OneLine(st->last_error, 60) + " (" +
                                                     Ago(st->last_error_at, now) + ")";
    std::cout << fmt::format("{:>4}  {:<10} {:<28} {:<9} {:>9}  {:<10} {}\n", c.id.value,
                             c.platform, OneLine(c.name, 28), health, st->items_collected,
                             Ago(st->last_success_at, now), error);
  }
  return kExitOk;
}

int RunChannelsTest(AppContext& ctx, const ChannelsArgs& args) {
  auto target = OpenChannel(ctx, args);
  if (!target) return ReportError(target.error());
  const Channel* channel = &target->channel;
  Store& store = *target->store;
  auto http = MakeHttpClient(ctx.config);
  auto websockets = MakeWebSocketConnector(ctx.config);
  auto secret = store.GetChannelSecret(channel->id);
  if (!secret) return ReportError(secret.error());
  auto source =
      connectors::MakeSource(*channel, std::move(*secret), {*http, ctx.clock, websockets.get()});
  if (!source) return ReportError(source.error());
  // A fresh fetch (no cursor), so that an unchanged feed still shows its items.
  auto batch = (*source)->Fetch("");
  if (!batch) {
    std::cerr << "tribu: fetching failed: " << batch.error().error.message << "\n";
    if (batch.error().retry_after) {
      std::cerr
          << "  the platform asks to wait "
          << std::chrono::duration_cast<std::chrono::seconds>(*batch.error().retry_after).count()
          << "s\n";
    }
    return kExitFailure;
  }
  for (const auto& w : batch->warnings) std::cout << "warning: " << OneLine(w, 300) << "\n";
  for (const auto& s : batch->skipped) std::cout << "skipped: " << OneLine(s.reason, 300) << "\n";
  int shown = 0;
  for (const Post& p : batch->posts) {
    if (shown++ >= args.show) break;
    std::cout << FormatIso8601(p.published_at).substr(0, 16) << "  " << OneLine(p.author.handle, 40)
              << "\n    " << OneLine(p.text, 200) << "\n    " << p.url << "\n";
  }
  std::cout << fmt::format(
      "{} posts would be stored, {} items skipped ('{}', nothing was written)\n",
      batch->posts.size(), batch->skipped.size(), channel->name);
  return kExitOk;
}

int RunChannelsRemove(AppContext& ctx, const ChannelsArgs& args) {
  auto target = OpenChannel(ctx, args);
  if (!target) return ReportError(target.error());
  const Channel* channel = &target->channel;
  if (auto s = target->store->DeleteChannel(target->workspace.id, channel->id); !s) {
    return ReportError(s.error());
  }
  std::cout << "removed channel " << channel->id.value << " '" << channel->name
            << "' (the posts collected from it stay)\n";
  return kExitOk;
}

}  // namespace tribu::app
