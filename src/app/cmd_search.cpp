#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/terminal.h"
#include "tribu/core/utf8.h"

namespace tribu::app {

namespace {}  // namespace

int RunSearch(AppContext& ctx, const SearchArgs& args) {
  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/false);
  if (!workspace) return ReportError(workspace.error());

  PostFilter f;
  f.workspace_id = workspace->id;
  f.text = args.query;
  f.platforms = args.platforms;
  f.lang = args.lang;
  f.author = args.author;
  f.limit = args.limit;
  for (auto [text, target] : {std::pair{&args.since, &f.since}, std::pair{&args.until, &f.until}}) {
    if (text->empty()) continue;
    auto t = ParseTimestamp(*text);
    if (!t) return ReportError(t.error());
    *target = *t;
  }
  auto page = (*store)->ListPosts(f);
  if (!page) return ReportError(page.error());

  if (args.json) {
    for (const Post& p : page->posts) {
      nlohmann::json j = {{"id", p.id.value},
                          {"platform", p.platform},
                          {"external_id", p.external_id},
                          {"author", p.author.handle},
                          {"published_at", FormatIso8601(p.published_at)},
                          {"lang", p.lang},
                          {"url", p.url},
                          {"text", p.text}};
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return kExitOk;
  }
  for (const Post& p : page->posts) {
    auto local = FormatInZone(p.published_at, workspace->time_zone);
    std::cout << (local ? local->substr(0, 16) : FormatIso8601(p.published_at).substr(0, 16))
              << "  " << p.platform << "  " << OneLine(p.author.handle, 40) << "\n    "
              << OneLine(p.text, 280) << "\n";
  }
  std::cout << page->posts.size() << (page->next_cursor.empty() ? "" : "+") << " posts in '"
            << workspace->slug << "'"
            << (page->next_cursor.empty() ? "" : " (raise --limit for more)") << "\n";
  return kExitOk;
}

}  // namespace tribu::app
