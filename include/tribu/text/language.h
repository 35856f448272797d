// Language identification (CLD2), tuned for short social posts: it says
// "und" (unknown) when a text is too short, or too mixed, to tell reliably,
// rather than guessing.
#pragma once

#include <string>
#include <string_view>

#include "tribu/text/tokenizer.h"

namespace tribu::text {

struct LanguageGuess {
  std::string code = "und";  // ISO 639-1 ("fr", "en", ...) or "und"
  int percent = 0;           // share of the text in that language, 0..100
  bool reliable = false;
};

// Detects the language of a tokenized text. Only words count: hashtags,
// mentions, URLs and emoji are left out before detection. Thread-safe.
LanguageGuess DetectLanguage(const TokenizedText& tokens);

}  // namespace tribu::text
