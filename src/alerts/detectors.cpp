// The engine: routes each post to its series and asks each rule's detector
// whether it fires. The detectors' thresholds by sensitivity are in
// thresholds.h; the README's "Alerts" section says the same in words.
#include "tribu/alerts/detectors.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_map>

#include "alerts/series.h"
#include "alerts/stats.h"
#include "alerts/thresholds.h"

namespace tribu::alerts {

namespace {

using namespace std::chrono_literals;

constexpr auto kVolumeShort = 30min;
constexpr auto kVolumeLong = 180min;
constexpr auto kSentimentWindow = 120min;
constexpr auto kTermWindow = 120min;
constexpr std::size_t kMaxEvidence = 20;
constexpr double kStronglyNegative = -0.65;

std::string Round(double v, int digits = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

AlertSeverity Raised(AlertSeverity s) {
  return s == AlertSeverity::kInfo ? AlertSeverity::kWarning : AlertSeverity::kCritical;
}

// How telling a post is as evidence: its risk, its audience, its echo.
double EvidenceWeight(const PostSignal& p) {
  return p.risk * 2 + std::log10(1.0 + static_cast<double>(p.followers)) / 2 +
         std::log10(1.0 + static_cast<double>(p.engagement)) / 2 +
         (p.sentiment <= kNegativeScore ? 0.5 : 0);
}

template <class Pred>
std::vector<PostId> TopEvidence(const std::deque<RecentPost>& recent, Timestamp since, Pred keep) {
  std::vector<const RecentPost*> chosen;
  for (auto it = recent.rbegin(); it != recent.rend() && it->at > since; ++it) {
    if (keep(*it)) chosen.push_back(&*it);
  }
  // Most telling first; among equals, the newest.
  std::sort(chosen.begin(), chosen.end(), [](const RecentPost* a, const RecentPost* b) {
    if (a->weight != b->weight) return a->weight > b->weight;
    if (a->at != b->at) return a->at > b->at;
    return a->id > b->id;
  });
  std::vector<PostId> out;
  for (std::size_t i = 0; i < chosen.size() && i < kMaxEvidence; ++i) out.push_back(chosen[i]->id);
  return out;
}

std::vector<AlertPoint> VolumeChart(const Series& s, Timestamp now) {
  std::vector<AlertPoint> chart;
  const std::int64_t last = HourOf(now);
  for (std::int64_t h = last - 23; h <= last; ++h) {
    auto posts = s.Posts(h);
    if (!posts) continue;
    chart.push_back({HourStart(h), static_cast<double>(*posts), s.Baseline(h).expected});
  }
  return chart;
}

std::vector<AlertPoint> NegativeChart(const Series& s, Timestamp now, double usual) {
  std::vector<AlertPoint> chart;
  const std::int64_t last = HourOf(now);
  for (std::int64_t h = last - 23; h <= last; ++h) {
    auto posts = s.Posts(h);
    if (!posts) continue;
    const double share =
        *posts ? static_cast<double>(*s.Negative(h)) / static_cast<double>(*posts) : 0;
    chart.push_back({HourStart(h), 100 * share, 100 * usual});
  }
  return chart;
}

}  // namespace

struct DetectorEngine::Impl {
  using SeriesKey = std::pair<std::int64_t, std::int64_t>;  // workspace, topic (0: all)
  using FiredKey = std::tuple<std::int64_t, std::int64_t, std::int64_t, std::string>;
  struct Fired {
    Timestamp at{};
    double figure = 0;
  };
  struct AuthorStats {
    std::int64_t posts = 0;
    std::int64_t engagement = 0;
  };

  explicit Impl(EngineOptions o) : options(o) {}

  Series* SeriesFor(SeriesKey key) {
    auto it = series.find(key);
    if (it != series.end()) return it->second.get();
    if (series.size() >= options.max_series) return nullptr;
    auto made = std::make_unique<Series>(static_cast<std::size_t>(options.history.count()),
                                         options.max_terms_per_series);
    return series.emplace(key, std::move(made)).first->second.get();
  }

  // Whether a rule may fire again on this key: the first time, after the
  // retrigger delay when the figure grew by a quarter, or every 3 hours while
  // the condition holds (which keeps its alert open).
  bool MayFire(const Trigger& t) {
    FiredKey key{t.rule_id, t.workspace.value, t.topic ? t.topic->value : 0, t.key};
    auto it = fired.find(key);
    if (it != fired.end()) {
      const auto since = t.at - it->second.at;
      const bool grew = since >= options.retrigger && t.figure >= 1.25 * it->second.figure;
      if (!grew && since < 3h) return false;
    }
    fired[key] = {t.at, t.figure};
    return true;
  }

  void ForgetOldFirings(Timestamp now) {
    if (now - swept < 1h) return;
    swept = now;
    std::erase_if(fired, [&](const auto& kv) { return now - kv.second.at > 24h; });
  }

  Trigger Base(const AlertRule& r, const PostSignal& p, std::optional<TopicId> topic,
               Timestamp now) {
    Trigger t;
    t.rule_id = r.id;
    t.detector = r.detector;
    t.workspace = p.workspace;
    t.topic = topic;
    t.severity = r.severity;
    t.at = now;
    return t;
  }

  std::optional<Trigger> Volume(const AlertRule& r, const PostSignal& p,
                                std::optional<TopicId> topic, const Series& s, Timestamp now);
  std::optional<Trigger> Sentiment(const AlertRule& r, const PostSignal& p,
                                   std::optional<TopicId> topic, const Series& s, Timestamp now);
  void Terms(const AlertRule& r, const PostSignal& p, std::optional<TopicId> topic, const Series& s,
             Timestamp now, std::vector<Trigger>& out);
  std::optional<Trigger> Risky(const AlertRule& r, const PostSignal& p,
                               std::optional<TopicId> topic, Timestamp now);
  std::optional<Trigger> RiskyBurst(const AlertRule& r, const PostSignal& p,
                                    std::optional<TopicId> topic, const Series& s, Timestamp now);
  std::optional<Trigger> Influential(const AlertRule& r, const PostSignal& p,
                                     std::optional<TopicId> topic, Timestamp now);

  EngineOptions options;
  std::map<std::int64_t, std::vector<AlertRule>> rules;
  std::map<std::int64_t, std::vector<TopicId>> competitors;
  std::map<SeriesKey, std::unique_ptr<Series>> series;
  std::map<FiredKey, Fired> fired;
  std::unordered_map<std::string, AuthorStats> authors;  // "workspace/handle"
  Timestamp swept{};
};

std::optional<Trigger> DetectorEngine::Impl::Volume(const AlertRule& r, const PostSignal& p,
                                                    std::optional<TopicId> topic, const Series& s,
                                                    Timestamp now) {
  VolumeThresholds th = VolumeThresholdsFor(r);
  const std::int64_t hour = HourOf(now);
  const HourBaseline b = s.Baseline(hour);
  if (b.history == 0) return std::nullopt;  // not three hours of data yet
  if (b.basis == "recent hours") {
    // Less than two days known: the hours of the day are not learnt yet
    // (a morning after a night looks like a spike), so ask for more.
    // Only a sudden burst tells then; a slow rise waits for history.
    th.short_ratio *= 2;
    th.short_min_posts += th.short_min_posts / 2;
    th.long_min_posts = std::numeric_limits<int>::max();
  }
  struct Window {
    std::chrono::minutes length;
    double ratio;
    int min_posts;
  };
  for (const Window& w : {Window{kVolumeShort, th.short_ratio, th.short_min_posts},
                          Window{kVolumeLong, th.long_ratio, th.long_min_posts}}) {
    const int observed = s.CountSince(now - w.length).posts;
    if (observed < w.min_posts) continue;
    // What the hours the window covers usually hold, each for its share.
    double expected = 0;
    double variance = 0;
    for (Timestamp from = now - w.length; from < now;) {
      const std::int64_t h = HourOf(from);
      const Timestamp to = std::min(now, HourStart(h + 1));
      const double part = std::chrono::duration<double, std::ratio<3600>>(to - from).count();
      const HourBaseline hb = h == hour ? b : s.Baseline(h);
      const double e = std::max(hb.history ? hb.expected : b.expected, 0.5);
      // Hours are not Poisson: past comparable hours say how far apart they are.
      const double dispersion = std::max(1.0, (hb.history ? hb.spread : b.spread) / std::sqrt(e));
      expected += e * part;
      variance += e * part * dispersion * dispersion;
      from = to;
    }
    // Over-dispersed counts are scaled down to a Poisson of the same spread.
    const double phi = std::max(1.0, variance / std::max(expected, 1e-9));
    const double needed = w.ratio * expected;
    if (observed < needed || PoissonTail(observed / phi, expected / phi) > th.surprise) continue;
    const double hours = std::chrono::duration<double, std::ratio<3600>>(w.length).count();
    Trigger t = Base(r, p, topic, now);
    t.figure = observed / hours;
    t.baseline = expected / hours;
    t.unit = "posts/h";
    if (observed >= 2 * needed) t.severity = Raised(t.severity);
    t.summary = std::to_string(observed) + " posts in " + std::to_string(w.length.count()) +
                " min where " + Round(expected) + " are usual (" + b.basis + ")";
    t.evidence = TopEvidence(s.recent(), now - w.length, [](const RecentPost&) { return true; });
    t.chart = VolumeChart(s, now);
    return t;
  }
  return std::nullopt;
}

std::optional<Trigger> DetectorEngine::Impl::Sentiment(const AlertRule& r, const PostSignal& p,
                                                       std::optional<TopicId> topic,
                                                       const Series& s, Timestamp now) {
  const SentimentThresholds th = SentimentThresholdsFor(r);
  const auto window = s.CountSince(now - kSentimentWindow);
  if (window.posts < th.min_posts || window.negative < th.min_negative) return std::nullopt;
  // The usual share, from before the window.
  const auto [usual, history] = s.NegativeShare(HourOf(now - kSentimentWindow) + 1);
  const double share = static_cast<double>(window.negative) / window.posts;
  const double needed = r.threshold ? *r.threshold : std::min(0.95, usual + th.min_rise);
  if (share < needed) return std::nullopt;
  if (!r.threshold && BinomialTail(window.negative, window.posts, usual) > th.surprise) {
    return std::nullopt;  // a few posts can look like a shift by chance
  }
  Trigger t = Base(r, p, topic, now);
  t.figure = 100 * share;
  t.baseline = 100 * usual;
  t.unit = "% negative";
  if (share >= std::min(0.98, usual + 2 * (needed - usual))) t.severity = Raised(t.severity);
  t.summary = std::to_string(window.negative) + " of " + std::to_string(window.posts) +
              " posts negative in 2 h (" + Round(100 * share, 0) + "%) where " +
              Round(100 * usual, 0) + "% is usual";
  t.evidence = TopEvidence(s.recent(), now - kSentimentWindow,
                           [](const RecentPost& rp) { return rp.negative; });
  t.chart = NegativeChart(s, now, usual);
  (void)history;
  return t;
}

void DetectorEngine::Impl::Terms(const AlertRule& r, const PostSignal& p,
                                 std::optional<TopicId> topic, const Series& s, Timestamp now,
                                 std::vector<Trigger>& out) {
  const TermThresholds th = TermThresholdsFor(r);
  if (s.BackgroundHours(now) < th.min_background_hours) return;
  for (const std::string& term : p.terms) {
    const int count = s.RecentTermCount(term);
    if (count < th.min_posts) continue;
    const double expected = s.ExpectedTermCount(term, s.CountSince(now - kTermWindow).posts);
    if (count < th.ratio * expected) continue;
    // Several people, not one account repeating itself.
    std::vector<std::string_view> authors_seen;
    for (const RecentPost& rp : s.recent()) {
      if (std::find(rp.terms.begin(), rp.terms.end(), term) == rp.terms.end()) continue;
      if (std::find(authors_seen.begin(), authors_seen.end(), rp.author) == authors_seen.end()) {
        authors_seen.push_back(rp.author);
      }
    }
    if (static_cast<int>(authors_seen.size()) < th.min_authors) continue;
    Trigger t = Base(r, p, topic, now);
    t.key = term;
    t.figure = count;
    t.baseline = expected;
    t.unit = "posts in 2 h";
    t.terms = {term};
    if (count >= 3 * th.min_posts) t.severity = Raised(t.severity);
    t.summary = "\"" + term + "\" in " + std::to_string(count) + " posts by " +
                std::to_string(authors_seen.size()) + " authors in 2 h where " + Round(expected) +
                " are usual";
    t.evidence = TopEvidence(s.recent(), now - kTermWindow, [&](const RecentPost& rp) {
      return std::find(rp.terms.begin(), rp.terms.end(), term) != rp.terms.end();
    });
    t.chart = VolumeChart(s, now);
    out.push_back(std::move(t));
  }
}

std::optional<Trigger> DetectorEngine::Impl::Risky(const AlertRule& r, const PostSignal& p,
                                                   std::optional<TopicId> topic, Timestamp now) {
  const RiskThresholds th = RiskThresholdsFor(r);
  const double score = WeightedRisk(p);
  if (score < th.min_score) return std::nullopt;
  Trigger t = Base(r, p, topic, now);
  t.key = "post:" + std::to_string(p.id.value);
  t.figure = score;
  t.baseline = th.min_score;
  t.unit = "risk";
  t.terms = p.risks;
  if (score >= 0.85) t.severity = Raised(t.severity);
  std::string signals;
  for (const std::string& s : p.risks) signals += (signals.empty() ? "" : ", ") + s;
  t.summary = "a post by " + p.author + " (" + std::to_string(p.followers) +
              " followers) with risk " + Round(p.risk, 2) + " (" + signals + ")";
  t.evidence = {p.id};
  return t;
}

std::optional<Trigger> DetectorEngine::Impl::Influential(const AlertRule& r, const PostSignal& p,
                                                         std::optional<TopicId> topic,
                                                         Timestamp now) {
  const InfluenceThresholds th = InfluenceThresholdsFor(r);
  // Only what may hurt: a risky or a strongly negative post.
  if (p.sentiment > kStronglyNegative && p.risk < 0.5) return std::nullopt;
  const auto it = authors.find(std::to_string(p.workspace.value) + "/" + p.author);
  const double past_engagement =
      it == authors.end() || it->second.posts < 5
          ? 0
          : static_cast<double>(it->second.engagement) / static_cast<double>(it->second.posts);
  const bool audience = static_cast<double>(p.followers) >= th.min_followers;
  const bool echo = past_engagement >= th.min_engagement;
  if (!audience && !echo) return std::nullopt;
  Trigger t = Base(r, p, topic, now);
  t.key = p.author;
  t.figure = audience ? static_cast<double>(p.followers) : past_engagement;
  t.baseline = audience ? th.min_followers : th.min_engagement;
  t.unit = audience ? "followers" : "engagement per post";
  if (t.figure >= 10 * t.baseline) t.severity = Raised(t.severity);
  t.summary = p.author +
              (audience ? " (" + std::to_string(p.followers) + " followers)"
                        : " (" + Round(past_engagement, 0) + " reactions a post)") +
              " posted a " + (p.risk >= 0.5 ? "risky" : "negative") + " post";
  t.evidence = {p.id};
  return t;
}

std::optional<Trigger> DetectorEngine::Impl::RiskyBurst(const AlertRule& r, const PostSignal& p,
                                                        std::optional<TopicId> topic,
                                                        const Series& s, Timestamp now) {
  const RiskThresholds th = RiskThresholdsFor(r);
  const auto window = s.CountSince(now - kVolumeShort);
  if (window.risky < th.burst_posts) return std::nullopt;
  const double usual = s.RiskyShare();
  if (BinomialTail(window.risky, window.posts, usual) > th.surprise) return std::nullopt;
  Trigger t = Base(r, p, topic, now);
  t.key = "burst";
  t.figure = window.risky;
  t.baseline = usual * window.posts;
  t.unit = "risky posts in 30 min";
  if (window.risky >= 3 * th.burst_posts) t.severity = Raised(t.severity);
  t.summary = std::to_string(window.risky) + " risky posts of " + std::to_string(window.posts) +
              " in 30 min where " + Round(t.baseline) + " are usual";
  t.evidence =
      TopEvidence(s.recent(), now - kVolumeShort, [](const RecentPost& rp) { return rp.risky; });
  for (const std::string& name : p.risks) t.terms.push_back(name);
  t.chart = VolumeChart(s, now);
  return t;
}

DetectorEngine::DetectorEngine(EngineOptions options) : impl_(std::make_unique<Impl>(options)) {}
DetectorEngine::~DetectorEngine() = default;

void DetectorEngine::SetRules(WorkspaceId workspace, std::vector<AlertRule> rules,
                              std::vector<TopicId> competitors) {
  std::erase_if(rules, [](const AlertRule& r) { return !r.enabled; });
  impl_->competitors[workspace.value] = std::move(competitors);
  impl_->rules[workspace.value] = std::move(rules);
}

void DetectorEngine::Warm(WorkspaceId workspace, std::optional<TopicId> topic, Timestamp hour,
                          std::int64_t posts, std::int64_t negative) {
  Series* s = impl_->SeriesFor({workspace.value, topic ? topic->value : 0});
  if (s) s->AddHour(HourOf(hour), posts, negative);
}

std::size_t DetectorEngine::series_count() const { return impl_->series.size(); }

std::vector<Trigger> DetectorEngine::Observe(const PostSignal& post, Timestamp now) {
  Impl& m = *impl_;
  std::vector<Trigger> out;
  m.ForgetOldFirings(now);
  RecentPost rp;
  rp.at = std::min(post.at, now);  // a clock ahead of ours is not the future
  rp.id = post.id;
  rp.negative = post.sentiment <= kNegativeScore;
  rp.risky = post.risk >= 0.7;
  rp.weight = EvidenceWeight(post);
  rp.author = post.author;
  rp.terms = post.terms;
  const auto& competitors = m.competitors[post.workspace.value];
  auto is_competitor = [&](TopicId t) {
    return std::find(competitors.begin(), competitors.end(), t) != competitors.end();
  };
  std::vector<std::pair<std::optional<TopicId>, Series*>> touched;
  // The workspace as a whole: what is said of it, not of its competitors alone.
  const bool own =
      post.topics.empty() || !std::all_of(post.topics.begin(), post.topics.end(), is_competitor);
  if (Series* s = own ? m.SeriesFor({post.workspace.value, 0}) : nullptr) {
    touched.emplace_back(std::nullopt, s);
  }
  for (TopicId t : post.topics) {
    if (Series* s = m.SeriesFor({post.workspace.value, t.value})) touched.emplace_back(t, s);
  }
  for (auto& [topic, s] : touched) s->Add(rp, now, m.options.recent);

  // A post from long ago (a feed's backlog, an import) counts in the history
  // but fires nothing: it is not news.
  const bool fresh = rp.at > now - m.options.recent;
  auto rules = m.rules.find(post.workspace.value);
  if (fresh && rules != m.rules.end()) {
    for (const AlertRule& r : rules->second) {
      // A rule without topics watches the workspace and its own topics; a
      // competitor's topic only when a rule names it.
      auto in_scope = [&](const std::optional<TopicId>& topic) {
        if (r.topics.empty()) return !topic || !is_competitor(*topic);
        return topic && std::find(r.topics.begin(), r.topics.end(), *topic) != r.topics.end();
      };
      auto emit = [&](std::optional<Trigger> t) {
        if (t && m.MayFire(*t)) out.push_back(std::move(*t));
      };
      if (r.detector == Detector::kRiskyPost || r.detector == Detector::kInfluentialAuthor) {
        // Once per post: about its first topic in scope, or the workspace when
        // it matched no topic at all.
        std::optional<std::optional<TopicId>> scope;
        for (const auto& [topic, s] : touched) {
          if (topic && in_scope(topic)) {
            scope = topic;
            break;
          }
        }
        if (!scope && r.topics.empty() && post.topics.empty()) scope = std::optional<TopicId>();
        if (scope) {
          emit(r.detector == Detector::kRiskyPost ? m.Risky(r, post, *scope, now)
                                                  : m.Influential(r, post, *scope, now));
        }
        if (r.detector == Detector::kInfluentialAuthor) continue;
      }
      for (const auto& [topic, s] : touched) {
        if (!in_scope(topic)) continue;
        switch (r.detector) {
          case Detector::kVolumeSpike:
            emit(m.Volume(r, post, topic, *s, now));
            break;
          case Detector::kSentimentShift:
            emit(m.Sentiment(r, post, topic, *s, now));
            break;
          case Detector::kRiskyPost:
            emit(m.RiskyBurst(r, post, topic, *s, now));
            break;
          case Detector::kEmergingTerm: {
            std::vector<Trigger> terms;
            m.Terms(r, post, topic, *s, now, terms);
            for (Trigger& t : terms) emit(std::move(t));
            break;
          }
          default:
            break;
        }
      }
    }
  }
  // The author's record, after the checks: "past" engagement excludes this post.
  if (!post.author.empty()) {
    auto& a = m.authors[std::to_string(post.workspace.value) + "/" + post.author];
    ++a.posts;
    a.engagement += post.engagement;
    if (m.authors.size() > 200'000) m.authors.clear();  // bounded; rebuilt as posts come
  }
  return out;
}

}  // namespace tribu::alerts
