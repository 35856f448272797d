// Labelled alert streams: see alert_stream.h.
#include "app/demo/alert_stream.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/demo/compose.h"
#include "tribu/core/utf8.h"

namespace tribu::demo {

namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::string_view kZone = "Europe/Paris";
const char* const kShapes[] = {"storm", "slow_burn", "influential_post"};

// Where texts come from: the demo corpus, or labelled tweets.
class Texts {
 public:
  virtual ~Texts() = default;
  // A quiet day's post (about a topic, for the corpus).
  virtual void Background(Rng& rng, const DemoAuthor& a, Post& p) = 0;
  // A crisis post: "storm" posts, "slow_burn" complaints, the "influential_post".
  virtual void Crisis(Rng& rng, const DemoAuthor& a, std::string_view shape, Post& p) = 0;
};

class CorpusTexts final : public Texts {
 public:
  void Background(Rng& rng, const DemoAuthor& a, Post& p) override {
    Draft d{};
    const double x = rng.Uniform();
    d.story = x < 0.45 ? Story::kBrand : x < 0.75 ? Story::kCompetitor : Story::kMarket;
    d.tone = d.story == Story::kBrand        ? PickTone(rng, 0.5, 0.32)
             : d.story == Story::kCompetitor ? PickTone(rng, 0.4, 0.35)
                                             : PickTone(rng, 0.25, 0.5);
    if (a.outlet) d.tone = Tone::kNeutral;
    if (d.story == Story::kCompetitor) d.comp = PickCompetitor(rng);
    Write(rng, a, d, p);
  }
  void Crisis(Rng& rng, const DemoAuthor& a, std::string_view shape, Post& p) override {
    Draft d{};
    d.story = shape == "slow_burn" && rng.Chance(0.8) ? Story::kBrand : Story::kCrisis;
    d.tone = shape == "influential_post" || rng.Chance(0.85) ? Tone::kNegative : Tone::kNeutral;
    Write(rng, a, d, p);
  }

 private:
  static void Write(Rng& rng, const DemoAuthor& a, const Draft& d, Post& p) {
    p.text = Fill(rng, PickTemplate(rng, d.story, d.tone, a.lang).text, a, d);
    p.lang = a.lang;
    p.metrics = MakeMetrics(rng, a, d);
  }
};

// Tweets from the labelled sets: background from the sentiment sets (every
// label, as they come), crises from their negative tweets and the offensive
// and hateful ones.
class LabelledTexts final : public Texts {
 public:
  static Result<std::unique_ptr<LabelledTexts>> Load(const std::string& dir) {
    auto out = std::make_unique<LabelledTexts>();
    struct Source {
      const char* file;
      const char* lang;
    };
    for (const Source& s :
         {Source{"sentiment-fr-val.jsonl", "fr"}, Source{"sentiment-en-val.jsonl", "en"},
          Source{"sentiment-fr-train.jsonl", "fr"}, Source{"sentiment-en-train.jsonl", "en"},
          Source{"offensive-en-val.jsonl", "en"}, Source{"hate-en-val.jsonl", "en"}}) {
      const std::string path = dir + "/" + s.file;
      std::ifstream in(path);
      if (!in) return Fail(ErrorCode::kNotFound, "cannot read " + path);
      std::string line;
      while (std::getline(in, line)) {
        json j = json::parse(line, nullptr, false);
        if (!j.is_object() || !j.contains("text") || !j.contains("label")) continue;
        const std::string label = j["label"].get<std::string>();
        const std::string text = j["text"].get<std::string>();
        if (FirstInvalidUtf8(text) != text.size()) continue;
        const bool sentiment = std::string_view(s.file).starts_with("sentiment");
        if (sentiment) out->background_.push_back({text, s.lang});
        if (label == "negative" || label == "offensive" || label == "hate") {
          out->crisis_.push_back({text, s.lang});
        }
      }
    }
    if (out->background_.empty() || out->crisis_.empty()) {
      return Fail(ErrorCode::kNotFound, "no labelled posts found in " + dir);
    }
    return out;
  }
  void Background(Rng& rng, const DemoAuthor&, Post& p) override { Take(rng, background_, p); }
  void Crisis(Rng& rng, const DemoAuthor&, std::string_view, Post& p) override {
    Take(rng, crisis_, p);
  }

 private:
  struct Text {
    std::string text;
    std::string lang;
  };
  static void Take(Rng& rng, const std::vector<Text>& from, Post& p) {
    const Text& t = from[rng.Index(from.size())];
    p.text = t.text;
    p.lang = t.lang;
    p.metrics.likes = static_cast<std::int64_t>(rng.LogNormal(3, 1.2));
    p.metrics.replies = static_cast<std::int64_t>(rng.LogNormal(0.5, 1.0));
  }
  std::vector<Text> background_;
  std::vector<Text> crisis_;
};

std::vector<Topic> StreamTopics() {
  auto topic = [](std::string name, std::string query, TopicKind kind) {
    Topic t;
    t.name = std::move(name);
    t.query = std::move(query);
    t.kind = kind;
    return t;
  };
  // No topic names the crises: the detectors find them without a query for them.
  return {topic("Velora", "velora OR #velora OR @velora", TopicKind::kBrand),
          topic("Cyclon", "cyclon OR #cyclon", TopicKind::kCompetitor),
          topic("Mobilix", "mobilix OR #mobilix", TopicKind::kCompetitor),
          topic("E-bike market",
                "\"vélo électrique\" OR VAE OR ebike OR e-bike OR \"piste cyclable\" OR "
                "\"bike lane\"",
                TopicKind::kOther)};
}

std::int64_t Poisson(Rng& rng, double mean) {
  // Knuth's method; the means here are small.
  const double limit = std::exp(-mean);
  std::int64_t k = 0;
  double p = rng.Uniform();
  while (p > limit) {
    ++k;
    p *= rng.Uniform();
  }
  return k;
}

}  // namespace

Result<AlertStream> GenerateAlertStream(const AlertStreamOptions& o) {
  if (o.weeks < 1 || o.weeks > 12) {
    return Fail(ErrorCode::kInvalidArgument, "weeks must be between 1 and 12");
  }
  if (!(o.posts_per_day >= 10 && o.posts_per_day <= 20'000)) {
    return Fail(ErrorCode::kInvalidArgument, "posts per day must be between 10 and 20000");
  }
  std::unique_ptr<Texts> texts;
  if (o.labelled_dir.empty()) {
    texts = std::make_unique<CorpusTexts>();
  } else {
    auto loaded = LabelledTexts::Load(o.labelled_dir);
    if (!loaded) return Fail(loaded.error());
    texts = std::move(*loaded);
  }
  Timestamp start = o.start;
  if (start == Timestamp{}) {
    auto monday =
        StartOfLocalDay(FromUnixMillis(1'793'577'600'000 + std::int64_t{12} * 3'600'000), kZone);
    if (!monday) return Fail(monday.error());
    start = *monday;
  }
  Rng rng(o.seed);
  Rng time_rng(o.seed ^ 0xA1E57ULL);
  Authors authors = MakeAuthors(rng);
  std::vector<std::size_t> social;
  std::vector<double> activity;
  std::vector<std::size_t> outlets;
  for (const auto& [platform, pool] : authors.by_platform) {
    for (std::size_t i : pool) {
      if (authors.all[i].outlet) {
        outlets.push_back(i);
      } else if (authors.all[i].followers < 40'000) {  // the big voices are the incidents'
        social.push_back(i);
        activity.push_back(authors.all[i].activity);
      }
    }
  }

  AlertStream stream;
  if (o.labelled_dir.empty()) stream.topics = StreamTopics();
  std::vector<std::pair<Timestamp, Post>> posts;
  auto add_post = [&](Timestamp at, const DemoAuthor& a, auto&& write) {
    Post p = PostBy(a);
    write(p);
    auto [id, url] = MakeIds(rng, a);
    p.external_id = a.platform + ":" + id;
    p.url = url;
    p.published_at = at;
    posts.emplace_back(at, std::move(p));
  };
  // Tweets are people's: with labelled texts, news outlets stay silent.
  const bool with_outlets = o.labelled_dir.empty();
  auto pick_author = [&]() -> const DemoAuthor& {
    if (with_outlets && rng.Chance(0.04) && !outlets.empty()) {
      return authors.all[outlets[rng.Index(outlets.size())]];
    }
    return authors.all[social[rng.Weighted(activity)]];
  };

  // Quiet weeks: hours of the day and days of the week as people post, with
  // day-to-day noise.
  const int days = o.weeks * 7;
  double hour_total = 0;
  for (double w : kHourWeights) hour_total += w;
  for (int d = 0; d < days; ++d) {
    const Timestamp day = start + std::chrono::days(d);
    auto clock = LocalClockIn(day + 12h, kZone);
    if (!clock) return Fail(clock.error());
    const double weekday = clock->iso_weekday == 6 ? 0.72 : clock->iso_weekday == 7 ? 0.6 : 1.0;
    const double noise = 0.85 + 0.3 * time_rng.Uniform();
    for (int h = 0; h < 24; ++h) {
      const double mean = o.posts_per_day * weekday * noise * kHourWeights[h] / hour_total;
      const std::int64_t n = Poisson(time_rng, mean);
      for (std::int64_t i = 0; i < n; ++i) {
        const Timestamp at =
            day + std::chrono::hours(h) + std::chrono::seconds(time_rng.Between(0, 3599));
        const DemoAuthor& a = pick_author();
        add_post(at, a, [&](Post& p) { texts->Background(rng, a, p); });
      }
    }
  }

  // Two incidents a week, of each shape in turn, on working hours, at least
  // two days apart; the first on the second day (little history yet).
  const std::string topic = o.labelled_dir.empty() ? "Velora" : "";
  for (int k = 0; k < 2 * o.weeks; ++k) {
    const int day = k == 0 ? 1 : 3 * k + static_cast<int>(time_rng.Between(0, 1));
    if (day >= days) break;
    StreamIncident inc;
    inc.shape = kShapes[k % 3];
    inc.id = inc.shape + "-" + std::to_string(k + 1);
    inc.topic = topic;
    inc.start = start + std::chrono::days(day) + std::chrono::hours(time_rng.Between(8, 18)) +
                std::chrono::minutes(time_rng.Between(0, 59));
    const DemoAuthor* voice = nullptr;
    if (inc.shape == "storm") {
      inc.end = inc.start + 6h;
      const std::int64_t n = time_rng.Between(60, 110);
      for (std::int64_t i = 0; i < n; ++i) {
        // Most in the first hours, decaying; the first within minutes.
        const double hours = -std::log(1 - time_rng.Uniform()) * 1.5;
        const DemoAuthor& a = pick_author();
        add_post(inc.start + std::chrono::seconds(static_cast<std::int64_t>(hours * 3600)), a,
                 [&](Post& p) { texts->Crisis(rng, a, "storm", p); });
      }
    } else if (inc.shape == "slow_burn") {
      inc.end = inc.start + 16h;
      const std::int64_t n = time_rng.Between(45, 70);
      for (std::int64_t i = 0; i < n; ++i) {
        // Denser as it goes: the density grows linearly over 16 hours.
        const double hours = 16 * std::sqrt(time_rng.Uniform());
        const DemoAuthor& a = pick_author();
        add_post(inc.start + std::chrono::seconds(static_cast<std::int64_t>(hours * 3600)), a,
                 [&](Post& p) { texts->Crisis(rng, a, "slow_burn", p); });
      }
    } else {
      inc.end = inc.start + 3h;
      DemoAuthor big = authors.all[authors.crisis_influencer];
      big.followers = static_cast<std::int64_t>(time_rng.LogNormal(220'000, 0.4));
      voice = &big;
      add_post(inc.start, *voice, [&](Post& p) {
        texts->Crisis(rng, *voice, "influential_post", p);
        p.metrics.likes = big.followers / 40;
      });
      // A few echoes, no storm.
      for (std::int64_t i = 0, n = time_rng.Between(2, 5); i < n; ++i) {
        const DemoAuthor& a = pick_author();
        add_post(inc.start + std::chrono::minutes(time_rng.Between(5, 150)), a,
                 [&](Post& p) { texts->Background(rng, a, p); });
      }
    }
    stream.incidents.push_back(std::move(inc));
  }
  std::stable_sort(posts.begin(), posts.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [at, p] : posts) stream.posts.push_back(std::move(p));
  return stream;
}

std::string EncodeAlertStream(const AlertStream& s) {
  std::string out;
  auto line = [&](const json& j) {
    out += j.dump(-1, ' ', false, json::error_handler_t::replace);
    out += '\n';
  };
  for (const Topic& t : s.topics) {
    line(
        {{"type", "topic"}, {"name", t.name}, {"query", t.query}, {"kind", TopicKindName(t.kind)}});
  }
  for (const StreamIncident& i : s.incidents) {
    line({{"type", "incident"},
          {"id", i.id},
          {"shape", i.shape},
          {"topic", i.topic},
          {"start", FormatIso8601(i.start)},
          {"end", FormatIso8601(i.end)}});
  }
  for (const Post& p : s.posts) {
    line({{"type", "post"},
          {"id", p.external_id},
          {"platform", p.platform},
          {"author", p.author.handle},
          {"followers", p.author.followers},
          {"lang", p.lang},
          {"published_at", FormatIso8601(p.published_at)},
          {"text", p.text},
          {"likes", p.metrics.likes},
          {"shares", p.metrics.shares},
          {"replies", p.metrics.replies}});
  }
  return out;
}

Result<AlertStream> ReadAlertStream(std::istream& in) {
  AlertStream s;
  std::string line;
  int n = 0;
  auto bad = [&](const std::string& why) {
    return Fail(ErrorCode::kInvalidArgument, "line " + std::to_string(n) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    if (line.size() > (1 << 20)) return bad("longer than 1 MiB");
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) return bad("not a JSON object");
    auto str = [&](const char* key) -> Result<std::string> {
      auto it = j.find(key);
      if (it == j.end() || !it->is_string()) {
        return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be a string");
      }
      return it->get<std::string>();
    };
    auto num = [&](const char* key) -> std::int64_t {
      auto it = j.find(key);
      return it != j.end() && it->is_number_integer()
                 ? std::max<std::int64_t>(0, it->get<std::int64_t>())
                 : 0;
    };
    auto time = [&](const char* key) -> Result<Timestamp> {
      auto text = str(key);
      if (!text) return Fail(text.error());
      return ParseTimestamp(*text);
    };
    auto type = str("type");
    if (!type) return bad(type.error().message);
    if (*type == "topic") {
      Topic t;
      auto name = str("name");
      auto query = str("query");
      if (!name || !query) return bad("a topic needs a name and a query");
      t.name = *name;
      t.query = *query;
      if (auto kind = str("kind"); kind) {
        auto k = ParseTopicKind(*kind);
        if (!k) return bad(k.error().message);
        t.kind = *k;
      }
      s.topics.push_back(std::move(t));
    } else if (*type == "incident") {
      StreamIncident i;
      auto id = str("id");
      auto start = time("start");
      auto end = time("end");
      if (!id || !start || !end) return bad("an incident needs an id, a start and an end");
      if (*end <= *start) return bad("the incident ends before it starts");
      i.id = *id;
      i.start = *start;
      i.end = *end;
      i.shape = str("shape").value_or("");
      i.topic = str("topic").value_or("");
      s.incidents.push_back(std::move(i));
    } else if (*type == "post") {
      Post p;
      auto id = str("id");
      auto text = str("text");
      auto at = time("published_at");
      if (!id || !text || !at) return bad("a post needs an id, a text and published_at");
      p.external_id = *id;
      p.text = RepairUtf8(*text);
      p.published_at = *at;
      p.platform = str("platform").value_or("other");
      p.author.platform = p.platform;
      p.author.handle = str("author").value_or("");
      p.author.followers = num("followers");
      p.lang = str("lang").value_or("");
      p.metrics = {num("likes"), num("shares"), num("replies"), 0};
      if (!s.posts.empty() && p.published_at < s.posts.back().published_at) {
        return bad("posts must come in time order");
      }
      s.posts.push_back(std::move(p));
    } else {
      return bad("type '" + std::string(TruncateUtf8(*type, 40)) +
                 "' is not topic, incident or post");
    }
  }
  return s;
}

}  // namespace tribu::demo
