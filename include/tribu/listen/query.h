// The listening query language: what a topic listens for.
//
//   velora OR "velora urban" OR #velora OR @velora_fr
//   (vélo OR velo OR bike) NEAR/3 (électrique OR electric) -occasion lang:fr
//
// Words, "exact phrases", prefix* wildcards, #hashtags, @mentions; AND (or
// juxtaposition), OR, NOT (or -term), parentheses, a NEAR/n b; fields author:,
// lang:, platform:, sentiment:, country:. Matching ignores case and accents;
// =Word and ="Exact Phrase" match case and accents exactly.
// See docs/query-language.md for the reference with examples.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tribu/core/result.h"
#include "tribu/text/tokenizer.h"

namespace tribu::listen {

inline constexpr std::size_t kMaxQueryBytes = 4096;
inline constexpr int kMaxQueryDepth = 32;
inline constexpr int kMaxNearDistance = 50;

// A word as matched: folded text ("velo", "#grevesncf", "@velora_fr").
struct Term {
  std::string folded;
  std::string exact;    // non-empty for =Word: the text as written, matched case-sensitively
  bool prefix = false;  // écolo*
};

enum class NodeKind { kTerm, kPhrase, kField, kAnd, kOr, kNot, kNear };

enum class Field { kAuthor, kLang, kPlatform, kSentiment, kCountry };
std::string_view FieldName(Field field);

struct Node {
  NodeKind kind = NodeKind::kTerm;
  std::vector<Term> words;  // kTerm: one; kPhrase: two or more, consecutive
  Field field = Field::kLang;
  std::string value;  // kField: folded value
  bool value_prefix = false;
  int distance = 0;                             // kNear: at most this many words between
  std::vector<std::unique_ptr<Node>> children;  // kAnd, kOr: 2+; kNot: 1; kNear: 2
};

// A syntax error a marketer can act on.
struct QueryError {
  int column = 0;       // 1-based, in characters (not bytes)
  std::string message;  // "unbalanced parenthesis opened at column 12"
  std::string hint;     // "add ')' or remove '('"; may be empty

  Error ToError() const;  // "column 12: message (hint)"
};

struct Query {
  std::unique_ptr<Node> root;
  std::string source;
};

// Parses a query. Words are tokenized (and folded) by the same tokenizer as
// posts, so "e-bike" becomes the phrase "e bike" and "L'Oréal" the phrase
// "l' oreal". Errors: syntax, empty queries, queries longer than
// kMaxQueryBytes or nested deeper than kMaxQueryDepth, and queries with only
// negative parts (they would match nearly everything).
std::expected<Query, QueryError> ParseQuery(std::string_view source,
                                            const text::Tokenizer& tokenizer);

// A canonical, fully parenthesised rendering, e.g. for `tribu topics check`.
std::string Describe(const Node& node);

}  // namespace tribu::listen
