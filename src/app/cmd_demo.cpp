#include <algorithm>
#include <iostream>

#include "app/commands.h"
#include "tribu/alerts/replay.h"
#include "tribu/app/demo.h"
#include "tribu/pipeline/annotator.h"

namespace tribu::app {

int RunDemo(AppContext& ctx, const DemoArgs& args) {
  DemoOptions options;
  options.seed = args.seed;
  options.posts = args.posts;
  options.days = args.days;
  options.workspace_slug = args.workspace;
  if (args.end.empty()) {
    options.end = ctx.clock.Now();
  } else {
    auto end = ParseTimestamp(args.end);
    if (!end) return ReportError(end.error().WithContext("--end"));
    options.end = *end;
  }
  auto data = GenerateDemo(options);
  if (!data) return ReportError(data.error());
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  const std::size_t generated = data->posts.size();
  const Timestamp crisis = data->crisis_start;
  // Posts are analysed and matched against the demo topics as they are stored.
  std::unique_ptr<pipeline::PostAnnotator> annotator;
  auto annotate = [&](Store& s, WorkspaceId ws, std::span<Post> batch) -> Status {
    if (!annotator) {
      auto created = pipeline::PostAnnotator::ForWorkspace(s, ws);
      if (!created) return std::unexpected(created.error());
      annotator = std::move(*created);
    }
    annotator->Annotate(batch);
    return {};
  };
  auto stats = LoadDemo(**store, std::move(*data), ctx.config.import.batch_size, annotate);
  if (!stats) return ReportError(stats.error());
  // The month's alerts, as the detectors would have raised them (once: a
  // demo loaded again keeps the alerts it has).
  AlertFilter any;
  any.workspace_id = stats->workspace;
  any.limit = 1;
  auto existing = (*store)->ListAlerts(any);
  if (!existing) return ReportError(existing.error());
  std::int64_t alerts_raised = 0;
  if (existing->alerts.empty() && annotator) {
    std::vector<Post> stored;
    PostFilter f;
    f.workspace_id = stats->workspace;
    f.limit = 500;
    for (;;) {
      auto page = (*store)->ListPosts(f);
      if (!page) return ReportError(page.error());
      for (Post& p : page->posts) stored.push_back(std::move(p));
      if (page->next_cursor.empty()) break;
      f.cursor = page->next_cursor;
    }
    std::reverse(stored.begin(), stored.end());  // oldest first
    auto analyzer = text::Analyzer::Create({});
    if (!analyzer) return ReportError(analyzer.error());
    auto replay = alerts::ReplayAlerts(**store, stats->workspace, stored, **analyzer);
    if (!replay) return ReportError(replay.error().WithContext("alerts"));
    alerts_raised = replay->alerts;
  }
  auto total = (*store)->CountPosts(stats->workspace);
  ctx.log->info("demo.loaded workspace={} generated={} inserted={} updated={}", args.workspace,
                generated, stats->inserted, stats->updated);
  std::cout << "Demo workspace '" << args.workspace << "' is ready in "
            << ctx.config.storage.data_dir << ": " << (total ? *total : 0) << " posts over "
            << args.days << " days (" << stats->inserted << " new, " << stats->updated
            << " updated), " << alerts_raised << " alerts raised; crisis day "
            << FormatInZone(crisis, "Europe/Paris").value_or(FormatIso8601(crisis)).substr(0, 10)
            << ".\n";
  return kExitOk;
}

}  // namespace tribu::app
