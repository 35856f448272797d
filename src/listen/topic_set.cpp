#include <hs/hs.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "tribu/core/ascii.h"
#include "tribu/listen/matcher.h"

namespace tribu::listen {
namespace {

struct DatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct ScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using DatabasePtr = std::unique_ptr<hs_database_t, DatabaseDeleter>;
using ScratchPtr = std::unique_ptr<hs_scratch_t, ScratchDeleter>;

// A compiled query node; children and words index the TopicSet's arrays.
struct CNode {
  NodeKind kind = NodeKind::kTerm;
  std::uint32_t first = 0;  // first child (kAnd/kOr/kNot/kNear) or first word
  std::uint32_t count = 0;
  Field field = Field::kLang;
  std::string value;
  bool value_prefix = false;
  int distance = 0;
};

struct CWord {
  std::uint32_t literal = 0;
  std::string exact;  // empty: folded matching
};

struct CTopic {
  TopicId id;
  WorkspaceId workspace;
  std::uint32_t root = 0;
};

struct Span {
  std::uint32_t begin;
  std::uint32_t end;
};

}  // namespace

struct MatchScratch::Impl {
  ScratchPtr hs;
  const hs_database_t* sized_for = nullptr;
  std::string stream;
  std::vector<std::uint32_t> starts;                          // stream offset of each token
  std::vector<std::pair<std::uint32_t, std::uint32_t>> hits;  // (literal, token)
  std::vector<std::uint32_t> literal_gen;
  std::vector<std::uint32_t> literal_begin;  // into hits, once sorted
  std::vector<std::uint32_t> literal_end;
  std::vector<std::uint32_t> topic_gen;
  std::vector<std::uint32_t> candidates;
  std::uint32_t gen = 0;
  const text::TokenizedText* tokens = nullptr;
  const std::vector<std::uint32_t>* literal_length = nullptr;
  std::vector<Span> spans_a;
  std::vector<Span> spans_b;
};

MatchScratch::MatchScratch() : impl_(std::make_unique<Impl>()) {}
MatchScratch::~MatchScratch() = default;

struct TopicSet::Impl {
  DatabasePtr db;
  std::vector<std::uint32_t> literal_length;         // pattern bytes, for match starts
  std::vector<std::vector<std::uint32_t>> postings;  // literal -> topics anchored on it
  std::vector<std::uint32_t> unanchored;
  std::vector<CTopic> topics;
  std::vector<CNode> nodes;
  std::vector<std::uint32_t> children;
  std::vector<CWord> words;

  // --- compilation ---------------------------------------------------------

  std::map<std::string, std::uint32_t> literal_ids;
  std::vector<std::string> patterns;

  std::uint32_t Literal(const Term& t) {
    std::string pattern = " " + t.folded;
    if (!t.prefix) pattern += ' ';
    auto [it, inserted] = literal_ids.emplace(pattern, static_cast<std::uint32_t>(patterns.size()));
    if (inserted) patterns.push_back(pattern);
    return it->second;
  }

  std::uint32_t Add(const Node& n) {
    const auto index = static_cast<std::uint32_t>(nodes.size());
    nodes.emplace_back();
    CNode c;
    c.kind = n.kind;
    if (n.kind == NodeKind::kTerm || n.kind == NodeKind::kPhrase) {
      c.first = static_cast<std::uint32_t>(words.size());
      c.count = static_cast<std::uint32_t>(n.words.size());
      for (const Term& t : n.words) words.push_back(CWord{Literal(t), t.exact});
    } else if (n.kind == NodeKind::kField) {
      c.field = n.field;
      c.value = n.value;
      c.value_prefix = n.value_prefix;
    } else {
      std::vector<std::uint32_t> kids;
      kids.reserve(n.children.size());
      for (const auto& child : n.children) kids.push_back(Add(*child));
      c.first = static_cast<std::uint32_t>(children.size());
      c.count = static_cast<std::uint32_t>(kids.size());
      children.insert(children.end(), kids.begin(), kids.end());
      c.distance = n.distance;
    }
    nodes[index] = std::move(c);
    return index;
  }

  // Literals one of which must occur for the node to match; nullopt when the
  // node can match without any (NOT, fields).
  std::optional<std::set<std::uint32_t>> Anchors(std::uint32_t index) const {
    const CNode& n = nodes[index];
    switch (n.kind) {
      case NodeKind::kTerm:
        return std::set<std::uint32_t>{words[n.first].literal};
      case NodeKind::kPhrase: {
        // The longest word is the rarest, as a rule.
        std::uint32_t best = n.first;
        for (std::uint32_t w = n.first; w < n.first + n.count; ++w) {
          if (literal_length[words[w].literal] > literal_length[words[best].literal]) best = w;
        }
        return std::set<std::uint32_t>{words[best].literal};
      }
      case NodeKind::kField:
      case NodeKind::kNot:
        return std::nullopt;
      case NodeKind::kOr: {
        std::set<std::uint32_t> all;
        for (std::uint32_t k = 0; k < n.count; ++k) {
          auto a = Anchors(children[n.first + k]);
          if (!a) return std::nullopt;
          all.insert(a->begin(), a->end());
        }
        return all;
      }
      case NodeKind::kAnd:
      case NodeKind::kNear: {
        std::optional<std::set<std::uint32_t>> best;
        auto shortest = [&](const std::set<std::uint32_t>& s) {
          std::uint32_t m = UINT32_MAX;
          for (auto l : s) m = std::min(m, literal_length[l]);
          return m;
        };
        for (std::uint32_t k = 0; k < n.count; ++k) {
          auto a = Anchors(children[n.first + k]);
          if (!a) continue;
          if (!best || a->size() < best->size() ||
              (a->size() == best->size() && shortest(*a) > shortest(*best))) {
            best = std::move(a);
          }
        }
        return best;
      }
    }
    return std::nullopt;
  }

  // --- matching ------------------------------------------------------------

  struct Range {
    std::uint32_t begin;
    std::uint32_t end;
  };

  static Range Hits(const MatchScratch::Impl& s, std::uint32_t literal) {
    if (s.literal_gen[literal] != s.gen) return {0, 0};
    return {s.literal_begin[literal], s.literal_end[literal]};
  }

  static bool ExactOk(const MatchScratch::Impl& s, const CWord& w, std::uint32_t token) {
    return w.exact.empty() || s.tokens->Raw(s.tokens->tokens[token]) == w.exact;
  }

  // Calls fn(first_position, last_position) for each occurrence of a term or
  // phrase; stops when fn returns true. Returns whether it stopped.
  template <typename Fn>
  bool Occurrences(const MatchScratch::Impl& s, const CNode& n, Fn&& fn) const {
    const CWord& first = words[n.first];
    const Range r = Hits(s, first.literal);
    for (std::uint32_t h = r.begin; h < r.end; ++h) {
      const std::uint32_t token = s.hits[h].second;
      if (!ExactOk(s, first, token)) continue;
      const std::uint32_t pos = s.tokens->tokens[token].position;
      bool all = true;
      for (std::uint32_t k = 1; k < n.count && all; ++k) {
        const CWord& w = words[n.first + k];
        const Range rk = Hits(s, w.literal);
        bool found = false;
        for (std::uint32_t j = rk.begin; j < rk.end && !found; ++j) {
          const std::uint32_t tk = s.hits[j].second;
          found = s.tokens->tokens[tk].position == pos + k && ExactOk(s, w, tk);
        }
        all = found;
      }
      if (all && fn(pos, pos + n.count - 1)) return true;
    }
    return false;
  }

  void Spans(const MatchScratch::Impl& s, std::uint32_t index, std::vector<Span>* out) const {
    const CNode& n = nodes[index];
    switch (n.kind) {
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
        Occurrences(s, n, [&](std::uint32_t b, std::uint32_t e) {
          out->push_back({b, e});
          return false;
        });
        return;
      case NodeKind::kOr:
        for (std::uint32_t k = 0; k < n.count; ++k) Spans(s, children[n.first + k], out);
        return;
      case NodeKind::kNear: {
        std::vector<Span> a;
        std::vector<Span> b;
        Spans(s, children[n.first], &a);
        Spans(s, children[n.first + 1], &b);
        for (const Span& x : a) {
          for (const Span& y : b) {
            if (Gap(x, y) <= n.distance)
              out->push_back({std::min(x.begin, y.begin), std::max(x.end, y.end)});
          }
        }
        return;
      }
      default:
        return;
    }
  }

  // Words strictly between two spans; overlapping spans are 0 apart... and
  // never count as near each other only when they are the same occurrence.
  static int Gap(const Span& x, const Span& y) {
    if (x.end < y.begin) return static_cast<int>(y.begin - x.end - 1);
    if (y.end < x.begin) return static_cast<int>(x.begin - y.end - 1);
    return 0;
  }

  bool Eval(const MatchScratch::Impl& s, const PostFacts& facts, std::uint32_t index) const {
    const CNode& n = nodes[index];
    switch (n.kind) {
      case NodeKind::kTerm:
      case NodeKind::kPhrase:
        return Occurrences(s, n, [](std::uint32_t, std::uint32_t) { return true; });
      case NodeKind::kField:
        return FieldMatches(n, facts);
      case NodeKind::kNot:
        return !Eval(s, facts, children[n.first]);
      case NodeKind::kAnd:
        for (std::uint32_t k = 0; k < n.count; ++k) {
          if (!Eval(s, facts, children[n.first + k])) return false;
        }
        return true;
      case NodeKind::kOr:
        for (std::uint32_t k = 0; k < n.count; ++k) {
          if (Eval(s, facts, children[n.first + k])) return true;
        }
        return false;
      case NodeKind::kNear: {
        std::vector<Span> spans;
        Spans(s, index, &spans);
        return !spans.empty();
      }
    }
    return false;
  }

  static bool FieldMatches(const CNode& n, const PostFacts& facts) {
    switch (n.field) {
      case Field::kLang:
        return EqualsAsciiNoCase(facts.lang, n.value);
      case Field::kPlatform:
        return EqualsAsciiNoCase(facts.platform, n.value);
      case Field::kCountry:
        return EqualsAsciiNoCase(facts.country, n.value);
      case Field::kSentiment:
        return text::SentimentLabelName(facts.sentiment) == n.value;
      case Field::kAuthor: {
        std::string_view handle = facts.author;
        if (!handle.empty() && handle.front() == '@') handle.remove_prefix(1);
        // "@marie@mastodon.social" answers to author:marie too.
        const std::string_view local = handle.substr(0, handle.find('@'));
        for (std::string_view h : {handle, local}) {
          if (n.value_prefix
                  ? EqualsAsciiNoCase(h.substr(0, std::min(h.size(), n.value.size())), n.value)
                  : EqualsAsciiNoCase(h, n.value)) {
            return true;
          }
        }
        return false;
      }
    }
    return false;
  }
};

TopicSet::TopicSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TopicSet::~TopicSet() = default;
std::size_t TopicSet::size() const { return impl_->topics.size(); }

std::vector<std::string> TopicSet::AnchorWords(std::size_t index) const {
  std::vector<std::string> out;
  if (index >= impl_->topics.size()) return out;
  const auto anchors = impl_->Anchors(impl_->topics[index].root);
  if (!anchors) return out;
  for (std::uint32_t lit : *anchors) {
    const std::string& p = impl_->patterns[lit];  // " word " or " prefix"
    out.push_back(p.back() == ' ' ? p.substr(1, p.size() - 2) : p.substr(1) + "*");
  }
  return out;
}

Result<std::shared_ptr<const TopicSet>> TopicSet::Compile(const std::vector<TopicQuery>& topics,
                                                          const text::Tokenizer& tokenizer,
                                                          CompileReport* report) {
  *report = CompileReport{};
  if (hs_valid_platform() != HS_SUCCESS) {
    return Fail(ErrorCode::kFailedPrecondition,
                "this CPU lacks SSSE3, which the Hyperscan topic matcher needs");
  }
  auto impl = std::make_unique<Impl>();
  for (const TopicQuery& t : topics) {
    auto parsed = ParseQuery(t.query, tokenizer);
    if (!parsed) {
      report->errors.emplace_back(t.topic, parsed.error());
      continue;
    }
    const std::uint32_t root = impl->Add(*parsed->root);
    impl->topics.push_back(CTopic{t.topic, t.workspace, root});
  }
  impl->literal_length.reserve(impl->patterns.size());
  for (const std::string& p : impl->patterns) {
    impl->literal_length.push_back(static_cast<std::uint32_t>(p.size()));
  }
  impl->postings.resize(impl->patterns.size());
  for (std::uint32_t i = 0; i < impl->topics.size(); ++i) {
    const auto anchors = impl->Anchors(impl->topics[i].root);
    if (!anchors) {
      impl->unanchored.push_back(i);
      continue;
    }
    for (std::uint32_t lit : *anchors) impl->postings[lit].push_back(i);
  }
  if (!impl->patterns.empty()) {
    std::vector<const char*> expressions;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> ids;
    std::vector<unsigned> flags(impl->patterns.size(), 0);
    for (std::size_t i = 0; i < impl->patterns.size(); ++i) {
      expressions.push_back(impl->patterns[i].data());
      lengths.push_back(impl->patterns[i].size());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                             &error) != HS_SUCCESS) {
      std::string message =
          error != nullptr && error->message != nullptr ? error->message : "unknown";
      hs_free_compile_error(error);
      return Fail(ErrorCode::kInternal, "Hyperscan could not compile the topics: " + message);
    }
    impl->db.reset(db);
  }
  impl->literal_ids.clear();
  report->topics = impl->topics.size();
  report->literals = impl->patterns.size();
  report->unanchored = impl->unanchored.size();
  return std::shared_ptr<const TopicSet>(new TopicSet(std::move(impl)));
}

namespace {

int OnHit(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
          void* context) {
  auto* s = static_cast<MatchScratch::Impl*>(context);
  // The pattern is " word " or " prefix": the token starts one byte in.
  const auto start = static_cast<std::uint32_t>(to - (*s->literal_length)[id] + 1);
  const auto it = std::lower_bound(s->starts.begin(), s->starts.end(), start);
  if (it != s->starts.end() && *it == start) {
    s->hits.emplace_back(id, static_cast<std::uint32_t>(it - s->starts.begin()));
  }
  return 0;
}

}  // namespace

void TopicSet::Match(const text::TokenizedText& tokens, const PostFacts& facts,
                     MatchScratch* scratch, std::vector<TopicId>* out) const {
  out->clear();
  MatchScratch::Impl& s = *scratch->impl_;
  const Impl& m = *impl_;
  s.hits.clear();
  s.candidates.clear();
  s.tokens = &tokens;
  s.literal_length = &m.literal_length;
  if (++s.gen == 0) {  // wrapped: forget every stamp
    std::fill(s.literal_gen.begin(), s.literal_gen.end(), 0);
    std::fill(s.topic_gen.begin(), s.topic_gen.end(), 0);
    s.gen = 1;
  }
  if (s.literal_gen.size() < m.literal_length.size()) {
    s.literal_gen.resize(m.literal_length.size(), 0);
    s.literal_begin.resize(m.literal_length.size());
    s.literal_end.resize(m.literal_length.size());
  }
  if (s.topic_gen.size() < m.topics.size()) s.topic_gen.resize(m.topics.size(), 0);

  if (m.db != nullptr && !tokens.tokens.empty()) {
    if (s.sized_for != m.db.get()) {
      hs_scratch_t* raw = s.hs.release();
      if (hs_alloc_scratch(m.db.get(), &raw) != HS_SUCCESS) {
        s.hs.reset(raw);
        return;  // out of memory: the post matches nothing rather than crash
      }
      s.hs.reset(raw);
      s.sized_for = m.db.get();
    }
    s.stream.assign(1, ' ');
    s.starts.clear();
    for (const text::Token& t : tokens.tokens) {
      s.starts.push_back(static_cast<std::uint32_t>(s.stream.size()));
      const std::string_view norm = tokens.Norm(t);
      const std::size_t at = s.stream.size();
      s.stream.append(norm);
      std::replace(s.stream.begin() + static_cast<std::ptrdiff_t>(at), s.stream.end(), ' ', '_');
      s.stream.push_back(' ');
    }
    hs_scan(m.db.get(), s.stream.data(), static_cast<unsigned>(s.stream.size()), 0, s.hs.get(),
            OnHit, &s);
    // By literal, then token: each literal's hits in text order.
    std::sort(s.hits.begin(), s.hits.end());
    for (std::uint32_t i = 0; i < s.hits.size(); ++i) {
      const std::uint32_t lit = s.hits[i].first;
      if (s.literal_gen[lit] != s.gen) {
        s.literal_gen[lit] = s.gen;
        s.literal_begin[lit] = i;
        for (std::uint32_t topic : m.postings[lit]) {
          if (s.topic_gen[topic] != s.gen) {
            s.topic_gen[topic] = s.gen;
            s.candidates.push_back(topic);
          }
        }
      }
      s.literal_end[lit] = i + 1;
    }
  }
  s.candidates.insert(s.candidates.end(), m.unanchored.begin(), m.unanchored.end());
  std::sort(s.candidates.begin(), s.candidates.end());
  for (std::uint32_t topic : s.candidates) {
    const CTopic& t = m.topics[topic];
    if (facts.workspace && t.workspace != *facts.workspace) continue;
    if (m.Eval(s, facts, t.root)) out->push_back(t.id);
  }
}

Matcher::Matcher(const text::Tokenizer& tokenizer) : tokenizer_(tokenizer) {}

Result<CompileReport> Matcher::Update(const std::vector<TopicQuery>& topics) {
  CompileReport report;
  auto compiled = TopicSet::Compile(topics, tokenizer_, &report);
  if (!compiled) return std::unexpected(compiled.error());
  std::lock_guard lock(mu_);
  current_ = std::move(*compiled);
  return report;
}

std::shared_ptr<const TopicSet> Matcher::Current() const {
  std::lock_guard lock(mu_);
  return current_;
}

}  // namespace tribu::listen
