#include "tribu/alerts/replay.h"

#include <map>

#include "tribu/alerts/detectors.h"
#include "tribu/alerts/grouping.h"
#include "tribu/alerts/signals.h"

namespace tribu::alerts {

Status ReplayPosts(DetectorEngine& engine, std::span<const Post> posts,
                   const text::Analyzer& analyzer,
                   const std::map<std::int64_t, std::string>& topic_names,
                   const AlertChanged& changed) {
  std::vector<Alert> active;
  text::TokenizedText tokens;
  for (const Post& p : posts) {
    for (const Trigger& t : engine.Observe(SignalOf(p, analyzer, &tokens), p.published_at)) {
      std::string name;
      if (t.topic) {
        auto it = topic_names.find(t.topic->value);
        if (it != topic_names.end()) name = it->second;
      }
      const Grouped g = GroupTrigger(t, name, active);
      TRIBU_RETURN_IF_ERROR(changed(active[g.index], g, t));
    }
    PruneActive(active, p.published_at);
  }
  return {};
}

Result<ReplayStats> ReplayAlerts(Store& store, WorkspaceId workspace, std::span<const Post> posts,
                                 const text::Analyzer& analyzer, std::chrono::hours resolve_after) {
  auto rules = store.ListAlertRules(workspace);
  if (!rules) return Fail(rules.error());
  auto topics = store.ListTopics(workspace);
  if (!topics) return Fail(topics.error());
  std::map<std::int64_t, std::string> names;
  std::vector<TopicId> competitors;
  for (const Topic& t : *topics) {
    names[t.id.value] = t.name;
    if (t.kind == TopicKind::kCompetitor) competitors.push_back(t.id);
  }
  DetectorEngine engine;
  engine.SetRules(workspace, *rules, competitors);
  ReplayStats stats;
  stats.posts = static_cast<std::int64_t>(posts.size());
  TRIBU_RETURN_IF_ERROR(ReplayPosts(
      engine, posts, analyzer, names, [&](Alert& a, const Grouped& g, const Trigger& t) -> Status {
        const AlertEvent e{0,          a.id,
                           t.at,       std::string(HistoryKind(g)),
                           "detector", DetectorLabel(DetectorName(t.detector)) + ": " + t.summary};
        auto saved = store.SaveAlert(a, e, {});
        if (!saved) return Fail(saved.error());
        a.id = saved->id;
        if (g.opened) ++stats.alerts;
        return {};
      }));
  // What went quiet long before the end was dealt with.
  if (!posts.empty()) {
    const Timestamp end = posts.back().published_at;
    AlertFilter f;
    f.workspace_id = workspace;
    f.active_only = true;
    f.limit = 200;
    auto page = store.ListAlerts(f);
    if (!page) return Fail(page.error());
    for (Alert a : page->alerts) {
      if (end - a.last_trigger_at < resolve_after) continue;
      a.state = AlertState::kResolved;
      a.resolved_at = a.last_trigger_at + resolve_after;
      a.resolution = "handled";
      auto saved = store.SaveAlert(
          a, {0, a.id, *a.resolved_at, "resolved", "demo", "resolved: handled"}, {});
      if (!saved) return Fail(saved.error());
    }
  }
  return stats;
}

}  // namespace tribu::alerts
