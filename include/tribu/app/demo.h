// The demo workspace: a seeded generator of realistic community data, so that
// a new user (and every feature under development) has something real to show.
//
// The story: Velora, a French e-bike maker, listened to over 30 days across
// eight platforms in French and English. Two competitors (Cyclon, Mobilix),
// a product launch (the Urban 2), a community campaign (#VeloraRide with its
// "café vélo" meet-ups), and a crisis day (overheating batteries, #VeloraGate)
// started by an influential post, with media coverage, legal threats and
// churn. Authors post repeatedly, with realistic audiences and engagement,
// at the hours people post in Paris, less at weekends; some posts are replies.
//
// The same seed and end time give the same posts, byte for byte; ids do not
// depend on the end time, so loading the demo again updates it in place.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tribu/core/channel.h"
#include "tribu/core/post.h"
#include "tribu/core/time.h"
#include "tribu/core/topic.h"
#include "tribu/core/workspace.h"
#include "tribu/store/store.h"

namespace tribu {

struct DemoOptions {
  std::uint64_t seed = 20261123;
  int posts = 6000;  // at least 100
  int days = 30;     // 7..365
  Timestamp end{};   // data runs up to this instant (the CLI passes now)
  std::string workspace_slug = "demo";
};

struct DemoData {
  Workspace workspace;
  std::vector<Channel> channels;  // one per platform
  std::vector<Topic> topics;
  std::vector<Post> posts;   // oldest first; workspace and channel ids are filled at load
  Timestamp launch_day{};    // start of the product launch day (local midnight, UTC)
  Timestamp crisis_start{};  // the influential post that starts the crisis
};

// Fails with kInvalidArgument for options out of range.
Result<DemoData> GenerateDemo(const DemoOptions& options);

struct DemoLoadStats {
  WorkspaceId workspace;
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
};

// Called on each batch of posts before it is stored (to annotate them).
using DemoBatchHook = std::function<Status(Store&, WorkspaceId, std::span<Post>)>;

// Creates the workspace, channels and topics if missing (found by slug and
// name otherwise), then upserts the posts in batches of `batch_size`.
Result<DemoLoadStats> LoadDemo(Store& store, DemoData data, int batch_size,
                               const DemoBatchHook& before_store = {});

}  // namespace tribu
