// Feeds arbitrary bytes to the readers of `tribu import`: JSON Lines, CSV and
// the platform exports (X, Facebook, Instagram, LinkedIn, TikTok, YouTube).
// Properties: nothing crashes, and every row accepted is a valid post in
// valid UTF-8. The first byte picks the format and the encoding.
#include <cstdlib>
#include <sstream>

#include "tribu/connectors/post_file.h"
#include "tribu/core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  const unsigned char mode = data[0];
  std::istringstream in(std::string(reinterpret_cast<const char*>(data + 1), size - 1));
  tribu::PostFileOptions options;
  options.workspace_id = tribu::WorkspaceId{1};
  options.default_platform = (mode & 8) ? "x" : "";
  options.encoding = (mode & 16) ? "windows-1252" : "utf-8";
  options.account = (mode & 32) ? "@velora" : "";
  options.max_row_bytes = 4096;
  using F = tribu::PostFileFormat;
  static constexpr F kFormats[] = {F::kJsonLines, F::kCsv,      F::kXArchive, F::kFacebook,
                                   F::kInstagram, F::kLinkedIn, F::kTikTok,   F::kYouTubeComments};
  const F format = kFormats[mode % 8];
  auto reader = tribu::OpenPostFileReader(in, format, options);
  if (!reader) return 0;
  for (int rows = 0; rows < 10000; ++rows) {
    auto row = (*reader)->Next();
    if (!row || !*row) break;
    if ((*row)->post) {
      const tribu::Post& p = *(*row)->post;
      if (!tribu::ValidatePost(p) || !tribu::IsValidUtf8(p.text)) std::abort();
    } else if (!tribu::IsValidUtf8(tribu::RepairUtf8((*row)->post.error().message))) {
      std::abort();
    }
  }
  return 0;
}
