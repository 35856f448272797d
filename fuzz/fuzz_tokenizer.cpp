// The tokenizer and the whole text analysis on arbitrary bytes: no crash, every
// token span inside its buffers, positions never decreasing, scores in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tribu/text/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto analyzer = tribu::text::Analyzer::Create({});
  if (!analyzer) std::abort();
  static tribu::text::AnalysisScratch scratch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const tribu::text::Analysis a = (*analyzer)->Analyze(text, "fr", &scratch);
  const tribu::text::TokenizedText& t = scratch.tokens();
  std::uint32_t last_position = 0;
  for (const tribu::text::Token& token : t.tokens) {
    if (token.raw_begin + token.raw_length > t.text.size()) std::abort();
    if (token.norm_begin + token.norm_length > t.norm.size()) std::abort();
    if (token.position + 1 < last_position) std::abort();
    last_position = token.position;
  }
  if (a.sentiment.score < -1.0001 || a.sentiment.score > 1.0001) std::abort();
  if (a.lexicon.score < -1.0001 || a.lexicon.score > 1.0001) std::abort();
  if (a.risk < 0 || a.risk > 1.0001) std::abort();
  return 0;
}
