// Arbitrary text as a date. Properties: nothing crashes, and an accepted
// instant within years 1..9999 survives a round trip through ISO 8601.
#include <cstdlib>
#include <string_view>

#include "tribu/core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto t = tribu::ParseTimestamp(text);
  if (!t) return 0;
  const std::int64_t ms = tribu::ToUnixMillis(*t);
  if (ms < -62135596800000LL || ms > 253402300799000LL) return 0;
  auto again = tribu::ParseTimestamp(tribu::FormatIso8601(*t));
  if (!again || *again != *t) std::abort();
  return 0;
}
