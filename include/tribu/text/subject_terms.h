// The words and hashtags a post is about: what trending terms (dashboards)
// and emerging-term alerts count. Stop words, sentiment fillers (negations,
// intensifiers), pieces shorter than 3 bytes, spelling variants, hashtag parts
// and elisions are left out; each term comes once per text.
#pragma once

#include <functional>
#include <string_view>
#include <unordered_set>

#include "tribu/text/analyzer.h"

namespace tribu::text {

struct SubjectTerm {
  std::string_view norm;  // folded: the key to count
  std::string_view raw;   // as written: to show
  bool hashtag = false;
};

// Tokenizes `text` into `tokens` and calls `each` once per distinct term, in
// order of appearance. The views point into `tokens` and `text`.
void ForEachSubjectTerm(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                        TokenizedText* tokens, const std::function<void(const SubjectTerm&)>& each);

}  // namespace tribu::text
