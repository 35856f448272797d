// The listening query parser and matcher on arbitrary queries: parsing never
// crashes, a parsed query compiles, renders, and matches posts (including the
// query text itself as a post) without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tribu/listen/matcher.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const tribu::text::Folder folder;
  static const tribu::text::Tokenizer tokenizer(folder);
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  auto parsed = tribu::listen::ParseQuery(query, tokenizer);
  if (!parsed) {
    if (parsed.error().message.empty() || parsed.error().column < 0) std::abort();
    return 0;
  }
  (void)tribu::listen::Describe(*parsed->root);
  tribu::listen::CompileReport report;
  auto set = tribu::listen::TopicSet::Compile(
      {{tribu::TopicId{1}, tribu::WorkspaceId{1}, std::string(query)}}, tokenizer, &report);
  if (!set || (*set)->size() != 1) std::abort();
  tribu::text::TokenizedText tokens;
  tribu::listen::MatchScratch scratch;
  std::vector<tribu::TopicId> out;
  for (std::string_view post :
       {query, std::string_view("Velora vélo électrique #GreveSNCF @marie l'entreprise")}) {
    tokenizer.Tokenize(post, &tokens);
    (*set)->Match(tokens, {}, &scratch, &out);
  }
  return 0;
}
