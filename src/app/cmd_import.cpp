#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "tribu/connectors/post_file.h"
#include "tribu/core/utf8.h"
#include "tribu/pipeline/annotator.h"

namespace tribu::app {

int RunImport(AppContext& ctx, const ImportArgs& args) {
  auto format = ResolvePostFileFormat(args.format, args.file);
  if (!format) return ReportError(format.error());

  std::ifstream file;
  std::istream* in = &std::cin;
  if (args.file != "-") {
    file.open(args.file, std::ios::binary);
    if (!file) {
      return ReportError({ErrorCode::kNotFound, "cannot open '" + args.file + "' for reading"});
    }
    in = &file;
  }

  auto store = ctx.OpenStore();
  if (!store) return ReportError(store.error());
  auto workspace = ChooseWorkspace(**store, args.workspace, /*create_default=*/true);
  if (!workspace) return ReportError(workspace.error());

  PostFileOptions options;
  options.workspace_id = workspace->id;
  options.default_platform = args.platform;
  options.default_lang = args.lang;
  options.encoding = args.encoding;
  options.account = args.account;
  auto reader = OpenPostFileReader(*in, *format, options);
  if (!reader) return ReportError(reader.error().WithContext(args.file));

  auto annotator = pipeline::PostAnnotator::ForWorkspace(**store, workspace->id);
  if (!annotator) return ReportError(annotator.error());
  for (const auto& [topic, error] : (*annotator)->report().errors) {
    std::cerr << "tribu: topic " << topic.value << " is not matched: " << error.ToError().message
              << "\n";
  }

  const std::size_t batch_size = static_cast<std::size_t>(ctx.config.import.batch_size);
  std::vector<Post> batch;
  batch.reserve(batch_size);
  std::int64_t good = 0, bad = 0, inserted = 0, updated = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    (*annotator)->Annotate(batch);
    if (!args.dry_run) {
      auto stats = (*store)->UpsertPosts(batch);
      if (!stats) return Fail(stats.error());
      inserted += stats->inserted;
      updated += stats->updated;
    }
    batch.clear();
    return {};
  };

  ctx.log->info("import.start file={} workspace={} format={}", args.file, workspace->slug,
                PostFileFormatName(*format));
  for (;;) {
    auto row = (*reader)->Next();
    if (!row) {
      // The input itself failed: keep what was read so far.
      (void)flush();
      return ReportError(row.error().WithContext(args.file));
    }
    if (!*row) break;
    if ((*row)->post) {
      batch.push_back(std::move(*(*row)->post));
      ++good;
      if (batch.size() >= batch_size) {
        if (auto s = flush(); !s) return ReportError(s.error().WithContext("storing posts"));
        if (good % 50000 < static_cast<std::int64_t>(batch_size)) {
          ctx.log->info("import.progress rows={} skipped={}", good, bad);
        }
      }
    } else {
      ++bad;
      if (bad <= args.max_errors_shown) {
        std::cerr << args.file << ":" << (*row)->line << ": "
                  << RepairUtf8((*row)->post.error().message) << "\n";
      } else if (bad == args.max_errors_shown + 1) {
        std::cerr << args.file << ": more bad rows follow; only the count is reported\n";
      }
    }
  }
  if (auto s = flush(); !s) return ReportError(s.error().WithContext("storing posts"));

  if (auto ignored = (*reader)->ignored_columns(); !ignored.empty()) {
    std::string list;
    for (const auto& c : ignored) list += (list.empty() ? "" : ", ") + c;
    std::cerr << args.file << ": ignored columns: " << list << "\n";
  }
  ctx.log->info("import.done file={} rows={} skipped={} inserted={} updated={}", args.file, good,
                bad, inserted, updated);
  if (args.dry_run) {
    std::cout << "Checked " << args.file << ": " << good << " good rows, " << bad
              << " bad rows (nothing stored: --dry-run).\n";
  } else {
    std::cout << "Imported " << good << " rows into workspace '" << workspace->slug << "' ("
              << inserted << " new, " << updated << " updated)";
    if (bad > 0) std::cout << "; skipped " << bad << " bad rows (listed above)";
    std::cout << ".\n";
  }
  return bad > 0 ? kExitPartial : kExitOk;
}

}  // namespace tribu::app
