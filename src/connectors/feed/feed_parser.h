// Reads RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.x documents into
// items of plain text. Feeds come from strangers: the parser never fetches
// anything (no external entities, no DTDs), bounds what it keeps, turns HTML
// into text, and keeps the items it could read when the rest is broken.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/core/time.h"

namespace tribu::connectors::feed {

struct FeedItem {
  std::string id;      // guid / id / JSON Feed id; empty when the feed gives none
  std::string link;    // absolute URL, or empty
  std::string title;   // plain text
  std::string text;    // plain text of the content, or of the summary
  std::string author;  // name or e-mail as the feed gives it, or empty
  std::optional<Timestamp> published;
  std::string date_problem;  // why the date could not be read, when it could not
};

struct ParsedFeed {
  std::string format;  // "rss", "rdf", "atom", "jsonfeed"
  std::string title;
  std::string link;
  std::vector<FeedItem> items;  // in document order
  // Problems that did not stop the parse: an encoding guessed, a document
  // broken after some items (those items are kept).
  std::vector<std::string> warnings;
};

struct FeedLimits {
  std::size_t max_items = 1000;
  std::size_t max_text_bytes = 64 * 1024;  // per item, title included
};

// `content_type` is the HTTP Content-Type (its charset is used when the
// document declares none); `base_url` resolves relative links. Fails with
// kInvalidArgument when the body is not a feed at all or no item could be read
// from a broken one; the message says what and where (line).
Result<ParsedFeed> ParseFeed(std::string_view body, std::string_view content_type,
                             std::string_view base_url, const FeedLimits& limits = {});

// Plain text of an HTML fragment: tags dropped, entities decoded, scripts and
// styles removed, blocks (p, br, li, headings) ended by a line break, runs of
// spaces collapsed. Never fails: what is not HTML comes back as text.
std::string HtmlToText(std::string_view html);

}  // namespace tribu::connectors::feed
