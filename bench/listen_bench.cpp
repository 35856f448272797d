// The listening pipeline on a firehose: for each post (JSON Lines), parse it
// with simdjson, analyse it (normalize, tokenize, detect language, sentiment,
// risk) and match it against 100, 1,000 and 10,000 topics, on one core.
//
// Peers measured in the same run:
// - the floor: simdjson parsing the same lines and reading the same fields;
// - a Node.js pipeline a user might assemble from npm instead (bench/peer:
//   franc for language, sentiment (AFINN) for sentiment, and a straightforward
//   evaluation of the same 10,000 queries, handed over as parsed trees), on a
//   sample of the same posts. Run `npm ci --prefix bench/peer` first, or use
//   scripts/bench-listen which does.
//
// Corpus: the demo generator's French and English posts (Velora and its
// market), where 30% also name one of 10,000 synthetic brands, as a mention,
// a hashtag or a word. Topics: the demo's 7 topics, then generated ones of
// the shapes agencies write (brand OR #brand OR @brand; brand AND product
// words -promo; brand NEAR/3 service words; prefixes with lang:; NOT lists).
//
//   build/bench/listen_bench [--posts N] [--peer-posts N] [--no-peer]
// Each figure is the best of three runs. Last line: key=value figures:
//   posts_per_s_core_{100,1k,10k}  posts/s on one core with that many topics
//   cost_ratio_10k_vs_100          cost per post at 10,000 topics / at 100
//   ratio_vs_parse                 cost per post of the pipeline / of simdjson alone
//   ratio_vs_peer                  posts/s at 10,000 topics / the Node peer's
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "tribu/app/demo.h"
#include "tribu/listen/matcher.h"
#include "tribu/text/analyzer.h"

namespace {

using Clock = std::chrono::steady_clock;
using tribu::listen::Node;
using tribu::listen::NodeKind;

constexpr std::array<const char*, 25> kSyllables = {
    "ka", "lo", "mi", "ra", "ve", "zu", "no", "ti",  "sa", "be", "do", "fi", "gu",
    "ha", "je", "ku", "ly", "mo", "ne", "po", "qua", "re", "si", "to", "wa"};

std::string Brand(int i) {
  return std::string(kSyllables[i % 25]) + kSyllables[(i / 25) % 25] + kSyllables[(i / 625) % 25] +
         "x";
}

std::string TopicQuery(int i) {
  const std::string b = Brand(i);
  switch (i % 6) {
    case 0:
      return b + " OR #" + b + " OR @" + b;
    case 1:
      return "(" + b + " OR \"" + b + " urban\") AND (vélo OR velo OR bike OR ebike) -promo";
    case 2:
      return b + " NEAR/3 (service OR sav OR support OR livraison OR delivery)";
    case 3:
      return "(" + b + "* OR #" + b + "*) -concours lang:fr";
    case 4:
      return "\"" + b +
             "\" AND (batterie OR battery OR autonomie OR range) NOT (occasion OR leboncoin)";
    default:
      return b + " AND (déçu OR nul OR arnaque OR scandale OR disappointed OR scam)";
  }
}

struct Corpus {
  std::vector<std::string> lines;  // JSON Lines
  std::size_t bytes = 0;
};

Corpus MakeCorpus(int n) {
  tribu::DemoOptions options;
  options.posts = n;
  options.days = 60;
  options.end = tribu::FromUnixMillis(1790000000000);
  auto demo = tribu::GenerateDemo(options);
  if (!demo) {
    std::fprintf(stderr, "listen_bench: %s\n", demo.error().message.c_str());
    std::exit(1);
  }
  std::mt19937_64 rng(7);
  Corpus c;
  for (const tribu::Post& p : demo->posts) {
    std::string text = p.text;
    if (rng() % 10 < 3) {
      const std::string b = Brand(static_cast<int>(rng() % 10000));
      switch (rng() % 3) {
        case 0:
          text += " @" + b;
          break;
        case 1:
          text += " #" + b;
          break;
        default:
          text = "Avis sur " + b + " : " + text;
          break;
      }
    }
    nlohmann::json j = {{"id", p.external_id},
                        {"platform", p.platform},
                        {"author", p.author.handle},
                        {"lang", p.lang},
                        {"text", text}};
    c.lines.push_back(j.dump());
    c.bytes += c.lines.back().size();
  }
  return c;
}

nlohmann::json TreeJson(const Node& n) {
  nlohmann::json j;
  switch (n.kind) {
    case NodeKind::kTerm:
    case NodeKind::kPhrase: {
      j["op"] = n.kind == NodeKind::kTerm ? "term" : "phrase";
      nlohmann::json words = nlohmann::json::array();
      for (const auto& w : n.words) words.push_back({{"text", w.folded}, {"prefix", w.prefix}});
      j["words"] = words;
      return j;
    }
    case NodeKind::kField:
      return {{"op", "field"},
              {"field", std::string(tribu::listen::FieldName(n.field))},
              {"value", n.value}};
    default:
      break;
  }
  j["op"] = n.kind == NodeKind::kAnd   ? "and"
            : n.kind == NodeKind::kOr  ? "or"
            : n.kind == NodeKind::kNot ? "not"
                                       : "near";
  if (n.kind == NodeKind::kNear) j["distance"] = n.distance;
  j["children"] = nlohmann::json::array();
  for (const auto& c : n.children) j["children"].push_back(TreeJson(*c));
  return j;
}

struct Fields {
  std::string_view text, lang, platform, author;
};

// The fields every pipeline reads from a line; false when one is missing.
bool ReadFields(simdjson::ondemand::parser& parser, const std::string& line,
                simdjson::padded_string* buffer, Fields* f) {
  *buffer = simdjson::padded_string(line);
  auto doc = parser.iterate(*buffer);
  return !(doc["platform"].get_string().get(f->platform) ||
           doc["author"].get_string().get(f->author) || doc["lang"].get_string().get(f->lang) ||
           doc["text"].get_string().get(f->text));
}

struct RunResult {
  double seconds = 0;
  std::size_t matches = 0;
  std::size_t matched_posts = 0;
};

RunResult RunPipeline(const Corpus& corpus, const tribu::text::Analyzer& analyzer,
                      const tribu::listen::TopicSet& topics) {
  simdjson::ondemand::parser parser;
  tribu::text::AnalysisScratch scratch;
  tribu::listen::MatchScratch match_scratch;
  std::vector<tribu::TopicId> out;
  simdjson::padded_string buffer;
  RunResult r;
  const auto start = Clock::now();
  for (const std::string& line : corpus.lines) {
    Fields f;
    if (!ReadFields(parser, line, &buffer, &f)) continue;
    const auto& [text, lang, platform, author] = f;
    const tribu::text::Analysis a = analyzer.Analyze(text, lang, &scratch);
    tribu::listen::PostFacts facts;
    facts.lang = a.language.code;
    facts.platform = platform;
    facts.author = author;
    facts.sentiment = a.sentiment.label;
    topics.Match(scratch.tokens(), facts, &match_scratch, &out);
    r.matches += out.size();
    r.matched_posts += out.empty() ? 0 : 1;
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

double RunParseOnly(const Corpus& corpus) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string buffer;
  std::size_t sink = 0;
  const auto start = Clock::now();
  for (const std::string& line : corpus.lines) {
    Fields f;
    if (!ReadFields(parser, line, &buffer, &f)) continue;
    const auto& [text, lang, platform, author] = f;
    sink += text.size() + lang.size() + platform.size() + author.size();
  }
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  if (sink == 0) std::fprintf(stderr, "listen_bench: empty corpus\n");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int posts = 100000;
  int peer_posts = 2000;
  bool peer = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--posts") && i + 1 < argc)
      posts = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--peer-posts") && i + 1 < argc)
      peer_posts = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--no-peer"))
      peer = false;
    else {
      std::fprintf(stderr, "usage: listen_bench [--posts N] [--peer-posts N] [--no-peer]\n");
      return 2;
    }
  }
  const Corpus corpus = MakeCorpus(posts);
  std::printf("corpus: %zu posts, %.1f MB of JSON Lines, mean %.0f bytes a line\n",
              corpus.lines.size(), static_cast<double>(corpus.bytes) / 1e6,
              static_cast<double>(corpus.bytes) / static_cast<double>(corpus.lines.size()));

  auto analyzer = tribu::text::Analyzer::Create({});
  if (!analyzer) {
    std::fprintf(stderr, "listen_bench: %s\n", analyzer.error().message.c_str());
    return 1;
  }
  tribu::DemoOptions demo_options;
  demo_options.posts = 100;
  demo_options.end = tribu::FromUnixMillis(1790000000000);
  const auto demo = tribu::GenerateDemo(demo_options);
  std::vector<tribu::listen::TopicQuery> all;
  for (const tribu::Topic& t : demo->topics) {
    all.push_back({tribu::TopicId{static_cast<std::int64_t>(all.size() + 1)}, tribu::WorkspaceId{1},
                   t.query});
  }
  for (int i = 0; all.size() < 10000; ++i) {
    all.push_back({tribu::TopicId{static_cast<std::int64_t>(all.size() + 1)},
                   tribu::WorkspaceId{1 + i % 50}, TopicQuery(i)});
  }

  // Warm-up: caches, stemmer tables, page faults.
  {
    tribu::listen::CompileReport report;
    auto set = tribu::listen::TopicSet::Compile({all.begin(), all.begin() + 100},
                                                (*analyzer)->tokenizer(), &report);
    Corpus warm;
    warm.lines.assign(corpus.lines.begin(),
                      corpus.lines.begin() + std::min<std::size_t>(5000, corpus.lines.size()));
    RunPipeline(warm, **analyzer, **set);
  }

  const double parse_s =
      std::min({RunParseOnly(corpus), RunParseOnly(corpus), RunParseOnly(corpus)});
  const double parse_rate = static_cast<double>(corpus.lines.size()) / parse_s;
  std::printf("%-28s %12.0f posts/s\n", "simdjson parse only", parse_rate);

  std::map<int, double> rate;
  std::shared_ptr<const tribu::listen::TopicSet> set_10k;
  for (int n : {100, 1000, 10000}) {
    tribu::listen::CompileReport report;
    const auto compile_start = Clock::now();
    auto set = tribu::listen::TopicSet::Compile({all.begin(), all.begin() + n},
                                                (*analyzer)->tokenizer(), &report);
    const double compile_s = std::chrono::duration<double>(Clock::now() - compile_start).count();
    if (!set || !report.errors.empty()) {
      std::fprintf(stderr, "listen_bench: topics do not compile\n");
      return 1;
    }
    // Best of three runs: the machines are shared, and noise only ever slows.
    RunResult r = RunPipeline(corpus, **analyzer, **set);
    for (int rep = 1; rep < 3; ++rep) {
      const RunResult again = RunPipeline(corpus, **analyzer, **set);
      if (again.seconds < r.seconds) r = again;
    }
    rate[n] = static_cast<double>(corpus.lines.size()) / r.seconds;
    std::printf(
        "analysis + %5d topics       %12.0f posts/s  (%zu literals, compiled in %.2f s; %zu "
        "matches in %zu posts)\n",
        n, rate[n], report.literals, compile_s, r.matches, r.matched_posts);
    if (n == 10000) set_10k = *set;
  }

  double peer_rate = 0;
  if (peer) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "tribu_listen_bench";
    std::filesystem::create_directories(dir);
    {
      std::ofstream posts_out(dir / "posts.jsonl");
      for (int i = 0; i < peer_posts && i < static_cast<int>(corpus.lines.size()); ++i) {
        posts_out << corpus.lines[static_cast<std::size_t>(i) * corpus.lines.size() /
                                  static_cast<std::size_t>(peer_posts)]
                  << "\n";
      }
      nlohmann::json trees = nlohmann::json::array();
      for (const auto& t : all) {
        auto q = tribu::listen::ParseQuery(t.query, (*analyzer)->tokenizer());
        trees.push_back(TreeJson(*q->root));
      }
      std::ofstream(dir / "topics.json") << trees.dump();
    }
    const std::string script = std::string(TRIBU_SOURCE_DIR) + "/bench/peer/listen_peer.mjs";
    const std::string command = "node " + script + " " + (dir / "posts.jsonl").string() + " " +
                                (dir / "topics.json").string() + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    char buf[512];
    while (pipe != nullptr && std::fgets(buf, sizeof buf, pipe) != nullptr) output += buf;
    const int status = pipe != nullptr ? pclose(pipe) : -1;
    const std::size_t at = output.rfind("peer_posts_per_s=");
    if (status != 0 || at == std::string::npos) {
      std::fprintf(stderr,
                   "listen_bench: the Node peer failed (run npm ci --prefix bench/peer):\n%s\n",
                   output.c_str());
      return 1;
    }
    std::printf("%s", output.c_str());
    peer_rate = std::atof(output.c_str() + at + std::strlen("peer_posts_per_s="));
  }

  const double cost_ratio = rate[100] / rate[10000];
  std::printf(
      "posts=%zu posts_per_s_core_100=%.0f posts_per_s_core_1k=%.0f posts_per_s_core_10k=%.0f "
      "cost_ratio_10k_vs_100=%.2f parse_posts_per_s=%.0f ratio_vs_parse=%.2f peer_posts_per_s=%.0f "
      "ratio_vs_peer=%.1f\n",
      corpus.lines.size(), rate[100], rate[1000], rate[10000], cost_ratio, parse_rate,
      parse_rate / rate[10000], peer_rate, peer_rate > 0 ? rate[10000] / peer_rate : 0.0);
  return 0;
}
