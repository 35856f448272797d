#include "tribu/text/subject_terms.h"

#include <string>
#include <unordered_set>

namespace tribu::text {

void ForEachSubjectTerm(const Analyzer& analyzer, std::string_view text, std::string_view lang,
                        TokenizedText* tokens,
                        const std::function<void(const SubjectTerm&)>& each) {
  analyzer.tokenizer().Tokenize(text, tokens);
  std::unordered_set<std::string_view> seen_words;
  std::unordered_set<std::string_view> seen_tags;
  for (const Token& t : tokens->tokens) {
    if (t.Has(token_flags::kVariant) || t.Has(token_flags::kHashtagPart) ||
        t.Has(token_flags::kElision)) {
      continue;
    }
    const std::string_view norm = tokens->Norm(t);
    if (norm.size() < 3) continue;
    if (t.kind == TokenKind::kHashtag) {
      if (!seen_tags.insert(norm).second) continue;
      each({norm, tokens->Raw(t), true});
    } else if (t.kind == TokenKind::kWord) {
      if (analyzer.IsFillerWord(lang, norm) || !seen_words.insert(norm).second) continue;
      each({norm, tokens->Raw(t), false});
    }
  }
}

}  // namespace tribu::text
