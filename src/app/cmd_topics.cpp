// tribu topics check|test: validate a listening query, and try it on stored posts.
#include <fmt/format.h>

#include <iostream>

#include "app/commands.h"
#include "app/terminal.h"
#include "tribu/core/utf8.h"
#include "tribu/listen/matcher.h"
#include "tribu/pipeline/rematch.h"
#include "tribu/text/analyzer.h"

namespace tribu::app {
namespace {

// Lower-case words that look like operators but are read as words.
void WarnAboutOperatorWords(const listen::Node& n, std::vector<std::string>* warnings) {
  if (n.kind == listen::NodeKind::kTerm) {
    const std::string& w = n.words.front().folded;
    for (std::string_view op : {"or", "and", "not", "ou", "et", "sauf", "near"}) {
      if (w == op) {
        std::string upper(op);
        for (char& c : upper) c = static_cast<char>(c - 32);
        warnings->push_back(
            fmt::format("'{}' is read as a word; write {} for the operator", w, upper));
      }
    }
  }
  for (const auto& c : n.children) WarnAboutOperatorWords(*c, warnings);
}

// Compiles one query; prints the error with a caret under its column.
Result<std::shared_ptr<const listen::TopicSet>> CompileOne(const std::string& query,
                                                           const text::Tokenizer& tokenizer) {
  auto parsed = listen::ParseQuery(query, tokenizer);
  if (!parsed) {
    const listen::QueryError& e = parsed.error();
    std::cerr << "  " << OneLine(query, 400) << "\n  "
              << std::string(static_cast<std::size_t>(std::max(0, e.column - 1)), ' ') << "^\n";
    return Fail(e.ToError());
  }
  listen::CompileReport report;
  return listen::TopicSet::Compile({{TopicId{1}, WorkspaceId{1}, query}}, tokenizer, &report);
}

}  // namespace

int RunTopicsCheck(AppContext& /*ctx*/, const TopicsArgs& args) {
  text::Folder folder;
  text::Tokenizer tokenizer(folder);
  auto set = CompileOne(args.query, tokenizer);
  if (!set) return ReportError(set.error());
  auto parsed = listen::ParseQuery(args.query, tokenizer);
  std::cout << "valid query\n  reads as: " << listen::Describe(*parsed->root) << "\n";
  const std::vector<std::string> anchors = (*set)->AnchorWords(0);
  if (anchors.empty()) {
    std::cout << "  looks for: every post (no word to look for first; fine alone, slower across "
                 "thousands of topics)\n";
  } else {
    std::string list;
    for (const auto& a : anchors) list += (list.empty() ? "" : ", ") + a;
    std::cout << "  looks for: " << list << " (then checks the rest)\n";
  }
  std::vector<std::string> warnings;
  WarnAboutOperatorWords(*parsed->root, &warnings);
  for (const auto& w : warnings) std::cout << "  warning: " << w << "\n";
  return kExitOk;
}

int RunTopicsTest(AppContext& ctx, const TopicsArgs& args) {
  if (args.sample < 1 || args.sample > 1'000'000) {
    std::cerr << "tribu: --sample must be between 1 and 1000000\n";
    return kExitUsage;
  }
  auto analyzer = text::Analyzer::Create({});
  if (!analyzer) return ReportError(analyzer.error());
  auto set = CompileOne(args.query, (*analyzer)->tokenizer());
  if (!set) return ReportError(set.error());
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!workspace) return ReportError(workspace.error());

  int seen = 0;
  int matched = 0;
  std::vector<Post> shown;
  auto status = pipeline::MatchStoredPosts(**store, **analyzer, **set, workspace->id, args.sample,
                                           [&](const Post& p, std::span<const TopicId> hits) {
                                             ++seen;
                                             if (hits.empty()) return;
                                             ++matched;
                                             if (static_cast<int>(shown.size()) < args.show)
                                               shown.push_back(p);
                                           });
  if (!status) return ReportError(status.error());
  for (const Post& p : shown) {
    std::cout << FormatIso8601(p.published_at).substr(0, 16) << "  " << p.platform << "  "
              << OneLine(p.author.handle, 40) << "\n    " << OneLine(p.text, 280) << "\n";
  }
  std::cout << fmt::format("{} of the {} most recent posts in '{}' match ({:.1f}%)\n", matched,
                           seen, workspace->slug, seen == 0 ? 0.0 : 100.0 * matched / seen);
  return kExitOk;
}

int RunTopicsRematch(AppContext& ctx, const TopicsArgs& args) {
  auto analyzer = text::Analyzer::Create({});
  if (!analyzer) return ReportError(analyzer.error());
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!workspace) return ReportError(workspace.error());
  auto topics = (*store)->ListTopics(workspace->id);
  if (!topics) return ReportError(topics.error());
  auto stats = pipeline::RematchTopics(**store, **analyzer, workspace->id, *topics);
  if (!stats) return ReportError(stats.error());
  for (std::size_t i = 0; i < topics->size(); ++i) {
    std::cout << fmt::format("{:>8}  {}\n", stats->matched[i].second,
                             OneLine((*topics)[i].name, 80));
  }
  std::cout << fmt::format("{} topics re-matched over {} posts in '{}'\n", topics->size(),
                           stats->posts, workspace->slug);
  return kExitOk;
}

}  // namespace tribu::app
