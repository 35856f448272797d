// Folding on arbitrary bytes: the result is valid UTF-8, and folding is
// idempotent (folding a folded text changes nothing).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tribu/core/utf8.h"
#include "tribu/text/folder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const tribu::text::Folder folder;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string once = folder.Fold(text);
  if (!tribu::IsValidUtf8(once)) std::abort();
  if (folder.Fold(once) != once) std::abort();
  return 0;
}
