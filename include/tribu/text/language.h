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
//
// hint: the language the source declared ("fr"), or empty. When it is French
// or English and the text's function words clearly agree, CLD2 is skipped
// (this is most posts of a French or English firehose); otherwise the hint is
// ignored. buffer: optional scratch space reused between calls.
LanguageGuess DetectLanguage(const TokenizedText& tokens, std::string_view hint = {},
                             std::string* buffer = nullptr);

}  // namespace tribu::text
