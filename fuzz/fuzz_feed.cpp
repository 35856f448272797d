// Feeds arbitrary bytes to the RSS / Atom / JSON Feed parser, as a feed
// server would send them. Properties: nothing crashes; every item's text,
// title and author are valid UTF-8 within the limits; links are http(s) or empty.
#include <cstdlib>
#include <string>

#include "connectors/feed/feed_parser.h"
#include "tribu/core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* kTypes[] = {"",
                                 "application/rss+xml; charset=utf-8",
                                 "text/xml; charset=ISO-8859-1",
                                 "application/feed+json",
                                 "text/xml; charset=windows-1252",
                                 "text/xml; charset=bogus"};
  const char* type = kTypes[data[0] % 6];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  tribu::connectors::feed::FeedLimits limits{.max_items = 50, .max_text_bytes = 2048};
  auto feed =
      tribu::connectors::feed::ParseFeed(body, type, "https://feeds.example.com/a/b.xml", limits);
  if (!feed) return 0;
  if (feed->items.size() > limits.max_items) std::abort();
  for (const auto& item : feed->items) {
    if (!tribu::IsValidUtf8(item.text) || !tribu::IsValidUtf8(item.title) ||
        !tribu::IsValidUtf8(item.author) || item.text.size() > limits.max_text_bytes) {
      std::abort();
    }
    if (!item.link.empty() && !item.link.starts_with("http://") &&
        !item.link.starts_with("https://")) {
      std::abort();
    }
  }
  return 0;
}
