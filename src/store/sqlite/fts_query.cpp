#include "store/sqlite/fts_query.h"

#include <vector>

namespace tribu::sqlite {

namespace {

// Control characters count as spaces: FTS5 stops reading a query at a NUL byte.
bool IsSpace(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; }

std::string Quote(std::string_view term) {
  std::string out = "\"";
  for (char c : term) {
    if (c == '"') out += '"';
    out += IsSpace(c) ? ' ' : c;
  }
  out += '"';
  return out;
}

}  // namespace

Result<std::string> ToFtsQuery(std::string_view search) {
  if (search.size() > 1024) {
    return Fail(ErrorCode::kInvalidArgument, "search text is longer than 1024 bytes");
  }
  std::vector<std::string> positives;  // terms, with "OR" markers between them
  std::vector<std::string> negatives;
  bool pending_or = false;
  std::size_t i = 0;
  while (i < search.size()) {
    if (IsSpace(search[i])) {
      ++i;
      continue;
    }
    bool negate = false;
    if (search[i] == '-' && i + 1 < search.size() && !IsSpace(search[i + 1])) {
      negate = true;
      ++i;
    }
    std::string term;
    if (search[i] == '"') {
      std::size_t end = search.find('"', i + 1);
      if (end == std::string_view::npos) end = search.size();
      term = Quote(search.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      std::size_t start = i;
      while (i < search.size() && !IsSpace(search[i]) && search[i] != '"') ++i;
      std::string_view word = search.substr(start, i - start);
      if (!negate && word == "OR") {
        pending_or = !positives.empty();
        continue;
      }
      bool prefix = word.size() > 1 && word.back() == '*';
      if (prefix) word.remove_suffix(1);
      term = Quote(word) + (prefix ? "*" : "");
    }
    if (negate) {
      negatives.push_back(std::move(term));
    } else {
      if (pending_or) positives.emplace_back("OR");
      positives.push_back(std::move(term));
    }
    pending_or = false;
  }
  if (positives.empty()) {
    if (negatives.empty()) return std::string();
    return Fail(ErrorCode::kInvalidArgument,
                "a search needs at least one word to look for, not only words to exclude");
  }
  std::string query = "(";
  for (std::size_t k = 0; k < positives.size(); ++k) {
    if (k > 0) query += ' ';
    query += positives[k];
  }
  query += ')';
  for (const auto& n : negatives) query += " NOT " + n;
  return query;
}

}  // namespace tribu::sqlite
