// The demo generator: authors, a month of posts shaped like real listening
// data, and the workspace's channels and topics. See tribu/app/demo.h.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string>

#include "app/demo/compose.h"
#include "app/demo/corpus.h"
#include "app/demo/random.h"
#include "tribu/alerts/rules.h"
#include "tribu/app/demo.h"

namespace tribu {

namespace {

using demo::Authors;
using demo::DemoAuthor;
using demo::Draft;
using demo::Fill;
using demo::kHourWeights;
using demo::kPlatforms;
using demo::MakeAuthors;
using demo::MakeIds;
using demo::MakeMetrics;
using demo::PickCompetitor;
using demo::PickTemplate;
using demo::PickTone;
using demo::Rng;
using demo::Story;
using demo::Tone;
using namespace std::chrono_literals;

constexpr std::string_view kZone = "Europe/Paris";

std::vector<Topic> MakeTopics() {
  auto topic = [](std::string name, std::string query, TopicKind kind, std::string color) {
    Topic t;
    t.name = std::move(name);
    t.query = std::move(query);
    t.kind = kind;
    t.color = std::move(color);
    return t;
  };
  return {
      topic("Velora", "velora OR #velora OR @velora", TopicKind::kBrand, "#2563eb"),
      topic("Cyclon", "cyclon OR #cyclon", TopicKind::kCompetitor, "#f97316"),
      topic("Mobilix", "mobilix OR #mobilix", TopicKind::kCompetitor, "#a855f7"),
      topic("Urban 2 launch", "\"urban 2\" OR #VeloraUrban2", TopicKind::kProduct, "#16a34a"),
      topic("Battery crisis",
            "(velora AND (batterie OR battery OR feu OR fire OR rappel OR recall)) OR #VeloraGate",
            TopicKind::kOther, "#dc2626"),
      topic("#VeloraRide", "#VeloraRide OR (velora NEAR/5 (café OR cafe OR coffee))",
            TopicKind::kCampaign, "#0891b2"),
      topic("E-bike market",
            "\"vélo électrique\" OR VAE OR ebike OR e-bike OR \"piste cyclable\" OR \"bike lane\"",
            TopicKind::kOther, "#64748b"),
  };
}

}  // namespace

Result<DemoData> GenerateDemo(const DemoOptions& options) {
  if (options.posts < 100 || options.posts > 5'000'000) {
    return Fail(ErrorCode::kInvalidArgument, "demo posts must be between 100 and 5000000");
  }
  if (options.days < 7 || options.days > 365) {
    return Fail(ErrorCode::kInvalidArgument, "demo days must be between 7 and 365");
  }
  TRIBU_RETURN_IF_ERROR(ValidateWorkspaceSlug(options.workspace_slug));

  Rng rng(options.seed);
  // Separate streams, so that what is drawn for ids and texts never depends
  // on how many draws the dates needed (the last day is cut short by `end`).
  Rng id_rng(options.seed ^ 0x5EEDC0FFEEULL);
  Rng time_rng(options.seed ^ 0x71AE5EEDULL);
  Authors authors = MakeAuthors(rng);

  auto first_day = StartOfLocalDay(options.end - std::chrono::days(options.days - 1), kZone);
  if (!first_day) return Fail(first_day.error());
  const Timestamp end = options.end;
  auto day_start = [&](int d) { return *first_day + std::chrono::days(d); };
  const int launch_day = std::max(1, options.days - 20);
  const int crisis_day = std::max(2, options.days - 8);

  DemoData data;
  data.workspace.slug = options.workspace_slug;
  data.workspace.name = "Velora (démo)";
  data.workspace.time_zone = std::string(kZone);
  data.launch_day = day_start(launch_day);
  data.crisis_start = day_start(crisis_day) + 7h + 42min;
  data.topics = MakeTopics();
  for (const auto& p : kPlatforms) {
    Channel c;
    c.platform = p.name;
    c.name = "Velora on " + std::string(p.label);
    // Where the generated posts say they come from; nothing to collect from.
    c.config_json = "{}";
    c.enabled = false;
    data.channels.push_back(c);
  }

  // Per-day volume: weekdays busier than weekends, with some day-to-day noise.
  std::vector<double> day_weights;
  for (int d = 0; d < options.days; ++d) {
    auto clock = LocalClockIn(day_start(d) + 12h, kZone);
    double w = clock->iso_weekday == 6 ? 0.72 : clock->iso_weekday == 7 ? 0.6 : 1.0;
    day_weights.push_back(w * (0.85 + 0.3 * time_rng.Uniform()));
  }
  std::vector<double> platform_weights;
  for (const auto& p : kPlatforms) platform_weights.push_back(p.name == "rss" ? 0 : p.weight);

  // Each platform's authors weighted by how much they post.
  std::map<std::string, std::vector<double>, std::less<>> activity;
  for (const auto& [platform, pool] : authors.by_platform) {
    auto& weights = activity[platform];
    weights.reserve(pool.size());
    for (std::size_t i : pool) weights.push_back(authors.all[i].activity);
  }
  auto pick_author = [&](std::string_view platform) {
    const auto& pool = authors.by_platform.find(platform)->second;
    return pool[rng.Weighted(activity.find(platform)->second)];
  };
  auto pick_social_author = [&] {
    return pick_author(kPlatforms[rng.Weighted(platform_weights)].name);
  };
  auto pick_outlet = [&] { return pick_author("rss"); };
  auto baseline_time = [&] {
    Timestamp t{};
    for (int attempt = 0; attempt < 20; ++attempt) {  // the last day is cut short by `end`
      int d = static_cast<int>(time_rng.Weighted(day_weights));
      int h = static_cast<int>(time_rng.Weighted(std::span<const double>(kHourWeights)));
      t = day_start(d) + std::chrono::hours(h) + std::chrono::seconds(time_rng.Between(0, 3599));
      if (t < end) break;
    }
    return t;
  };
  auto clamp = [&](Timestamp t, std::size_t k) {
    return t < end ? t : end - std::chrono::minutes(1 + static_cast<int>(k % 600));
  };

  const int total = options.posts;
  const int n_launch = total * 8 / 100;
  const int n_crisis = total * 14 / 100;
  const int n_replies = total * 5 / 100;
  const int n_base = total - n_launch - n_crisis - n_replies;
  std::vector<Draft> drafts;
  drafts.reserve(static_cast<std::size_t>(total));

  for (int i = 0; i < n_base; ++i) {
    Draft d;
    double x = rng.Uniform();
    d.story = x < 0.42   ? Story::kBrand
              : x < 0.67 ? Story::kCompetitor
              : x < 0.75 ? Story::kCampaign
                         : Story::kMarket;
    bool outlet = d.story != Story::kCampaign && rng.Chance(0.04);
    d.author = outlet ? pick_outlet() : pick_social_author();
    switch (d.story) {
      case Story::kBrand:
        d.tone = PickTone(rng, 0.5, 0.32);
        break;
      case Story::kCompetitor:
        d.tone = PickTone(rng, 0.4, 0.35);
        d.comp = PickCompetitor(rng);
        break;
      case Story::kCampaign:
        d.tone = PickTone(rng, 0.7, 0.2);
        break;
      default:
        d.tone = PickTone(rng, 0.25, 0.5);
    }
    if (outlet) d.tone = Tone::kNeutral;
    d.at = clamp(baseline_time(), drafts.size());
    drafts.push_back(d);
  }
  // A burst of posts after an event, decaying exponentially (mean_hours).
  auto add_burst = [&](Story story, int count, double outlet_chance, double pos, double neu,
                       bool with_competitor, Timestamp start, double mean_hours) {
    for (int i = 0; i < count; ++i) {
      Draft d;
      d.story = story;
      bool outlet = rng.Chance(outlet_chance);
      d.author = outlet ? pick_outlet() : pick_social_author();
      d.tone = outlet ? Tone::kNeutral : PickTone(rng, pos, neu);
      if (with_competitor) d.comp = PickCompetitor(rng);
      double hours = -std::log(1 - time_rng.Uniform()) * mean_hours;
      d.at = clamp(start + std::chrono::seconds(static_cast<std::int64_t>(hours * 3600)),
                   drafts.size());
      drafts.push_back(d);
    }
  };
  add_burst(Story::kLaunch, n_launch, 0.08, 0.55, 0.3, false, data.launch_day + 9h, 20);
  {
    Draft opening;
    opening.story = Story::kCrisis;
    opening.tone = Tone::kNegative;
    opening.author = authors.crisis_influencer;
    opening.at = data.crisis_start;
    opening.influencer_opening = true;
    drafts.push_back(opening);
  }
  // The crisis spreads from nine minutes after the opening post.
  add_burst(Story::kCrisis, n_crisis - 1, 0.06, 0, 0.2, true, data.crisis_start + 9min, 16);

  // Turn drafts into posts.
  std::vector<Post> posts;
  std::vector<Story> stories;
  std::vector<Tone> tones;
  for (const Draft& d : drafts) {
    const DemoAuthor& a = authors.all[d.author];
    const demo::Template& tpl =
        d.influencer_opening ? demo::Templates()[0] : PickTemplate(rng, d.story, d.tone, a.lang);
    Post p = demo::PostBy(a);
    p.lang = a.lang;
    p.published_at = d.at;
    if (d.influencer_opening) {
      p.text =
          "Ma batterie Velora a pris feu cette nuit dans l'entrée de l'immeuble. On a eu "
          "très peur, les pompiers sont venus. @Velora vous allez faire un rappel ?? "
          "#VeloraGate";
    } else {
      p.text = Fill(rng, tpl.text, a, d);
    }
    auto [id, url] = MakeIds(id_rng, a);
    p.external_id = id;
    p.url = url;
    p.metrics = MakeMetrics(rng, a, d);
    posts.push_back(std::move(p));
    stories.push_back(d.story);
    tones.push_back(d.tone);
  }

  // The brand answers some complaints, in the complainer's language.
  std::vector<std::size_t> complaints;
  for (std::size_t i = 0; i < posts.size(); ++i) {
    bool negative = tones[i] == Tone::kNegative || stories[i] == Story::kCrisis;
    if (negative && (stories[i] == Story::kBrand || stories[i] == Story::kCrisis) &&
        authors.brand_account.contains(posts[i].platform)) {
      complaints.push_back(i);
    }
  }
  for (int made = 0, tries = 0; made < n_replies && tries < 4 * n_replies && !complaints.empty();
       ++tries) {
    const Post& parent = posts[complaints[rng.Index(complaints.size())]];
    DemoAuthor brand = authors.all[authors.brand_account.find(parent.platform)->second];
    brand.lang = parent.lang;
    Draft d{
        Story::kBrandReply,
        rng.Chance(0.15) ? Tone::kPositive : Tone::kNeutral,
        0,
        parent.published_at + std::chrono::minutes(static_cast<int>(time_rng.LogNormal(150, 0.8))),
        "",
        false};
    Post p;
    p.platform = brand.platform;
    p.author = {AuthorId{}, brand.platform, brand.handle, brand.name, brand.followers};
    p.lang = brand.lang;
    p.published_at = d.at;
    p.text = Fill(rng, PickTemplate(rng, d.story, d.tone, brand.lang).text, brand, d);
    auto [id, url] = MakeIds(id_rng, brand);
    p.external_id = id;
    p.url = url;
    p.parent_external_id = parent.external_id;
    p.metrics = MakeMetrics(rng, brand, d);
    if (d.at >= end) continue;  // after every draw, so later posts do not depend on `end`
    posts.push_back(std::move(p));
    ++made;
  }

  std::stable_sort(posts.begin(), posts.end(),
                   [](const Post& a, const Post& b) { return a.published_at < b.published_at; });
  // Conversations: some posts on threaded platforms answer a recent post there.
  std::map<std::string, std::vector<std::size_t>, std::less<>> recent;
  for (std::size_t i = 0; i < posts.size(); ++i) {
    Post& p = posts[i];
    auto& seen = recent[p.platform];
    bool threaded = p.platform == "mastodon" || p.platform == "bluesky" || p.platform == "reddit" ||
                    p.platform == "x";
    if (threaded && p.parent_external_id.empty() && !seen.empty() && rng.Chance(0.15)) {
      std::size_t back = 1 + rng.Index(std::min<std::size_t>(30, seen.size()));
      p.parent_external_id = posts[seen[seen.size() - back]].external_id;
    }
    seen.push_back(i);
  }
  data.posts = std::move(posts);
  return data;
}

Result<DemoLoadStats> LoadDemo(Store& store, DemoData data, int batch_size,
                               const DemoBatchHook& before_store) {
  if (batch_size < 1) return Fail(ErrorCode::kInvalidArgument, "batch size must be positive");
  auto ws = store.GetWorkspaceBySlug(data.workspace.slug);
  if (!ws && ws.error().code == ErrorCode::kNotFound) {
    ws = store.CreateWorkspace(data.workspace);
    if (ws) TRIBU_RETURN_IF_ERROR(alerts::AddDefaultRules(store, ws->id));
  }
  if (!ws) return Fail(ws.error());

  auto channels = store.ListChannels(ws->id);
  if (!channels) return Fail(channels.error());
  std::map<std::string, ChannelId, std::less<>> channel_by_platform;
  for (const Channel& c : *channels) {
    channel_by_platform.emplace(c.platform, c.id);
    // An earlier tribu made them enabled, and the collector then tried them.
    if (c.enabled && c.config_json == R"({"source":"demo"})") {
      TRIBU_RETURN_IF_ERROR(store.SetChannelEnabled(ws->id, c.id, false));
    }
  }
  for (Channel c : data.channels) {
    if (channel_by_platform.contains(c.platform)) continue;
    c.workspace_id = ws->id;
    auto created = store.CreateChannel(c);
    if (!created) return Fail(created.error());
    channel_by_platform.emplace(c.platform, created->id);
  }

  auto topics = store.ListTopics(ws->id);
  if (!topics) return Fail(topics.error());
  for (Topic t : data.topics) {
    bool exists = std::ranges::any_of(*topics, [&](const Topic& e) { return e.name == t.name; });
    if (exists) continue;
    t.workspace_id = ws->id;
    if (auto created = store.CreateTopic(t); !created) return Fail(created.error());
  }

  DemoLoadStats stats;
  stats.workspace = ws->id;
  std::vector<Post> batch;
  auto flush = [&]() -> Status {
    if (before_store) TRIBU_RETURN_IF_ERROR(before_store(store, ws->id, batch));
    auto r = store.UpsertPosts(batch);
    if (!r) return Fail(r.error());
    stats.inserted += r->inserted;
    stats.updated += r->updated;
    batch.clear();
    return {};
  };
  for (Post& p : data.posts) {
    p.workspace_id = ws->id;
    if (auto it = channel_by_platform.find(p.platform); it != channel_by_platform.end()) {
      p.channel_id = it->second;
    }
    batch.push_back(std::move(p));
    if (static_cast<int>(batch.size()) >= batch_size) TRIBU_RETURN_IF_ERROR(flush());
  }
  if (!batch.empty()) TRIBU_RETURN_IF_ERROR(flush());
  return stats;
}

}  // namespace tribu
