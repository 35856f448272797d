// The demo's people and words, shared by the demo workspace (generator.cpp)
// and the alert evaluation streams (alert_stream.cpp): authors per platform
// with their audiences, post texts filled from the corpus, platform ids and
// engagement figures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/demo/corpus.h"
#include "app/demo/random.h"
#include "tribu/core/post.h"

namespace tribu::demo {

struct PlatformShare {
  std::string_view name;
  std::string_view label;
  double weight;
};

inline constexpr PlatformShare kPlatforms[] = {
    {"x", "X", 0.22},
    {"instagram", "Instagram", 0.13},
    {"mastodon", "Mastodon", 0.16},
    {"bluesky", "Bluesky", 0.13},
    {"reddit", "Reddit", 0.10},
    {"facebook", "Facebook", 0.10},
    {"youtube", "YouTube", 0.05},
    {"rss", "News & blogs", 0.11},
};

struct DemoAuthor {
  std::string platform;
  std::string handle;
  std::string name;
  std::string lang;
  std::string profile_url;  // base for permalinks
  std::int64_t followers = 0;
  double activity = 1;
  bool brand = false;
  bool outlet = false;
};

struct Authors {
  std::vector<DemoAuthor> all;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_platform;  // excluding brand
  std::map<std::string, std::size_t, std::less<>> brand_account;
  std::size_t crisis_influencer = 0;
};

// Posting hours in Paris: quiet nights, peaks at commute, lunch and evening.
inline constexpr double kHourWeights[24] = {0.8, 0.4, 0.2, 0.15, 0.15, 0.3, 1.0, 2.6,
                                            3.6, 2.8, 2.2, 2.4,  3.2,  3.0, 2.3, 2.1,
                                            2.3, 2.9, 3.6, 3.9,  3.7,  3.2, 2.4, 1.5};

struct Draft {
  Story story;
  Tone tone;
  std::size_t author;
  Timestamp at;
  std::string comp;
  bool influencer_opening = false;
};

// A post by this author: platform, handle, name and audience filled in.
Post PostBy(const DemoAuthor& a);

// Every platform's users (60% French), two influencers each, the brand's
// accounts, news outlets and the crisis influencer.
Authors MakeAuthors(Rng& rng);

std::string PickCompetitor(Rng& rng);
Tone PickTone(Rng& rng, double pos, double neu);
const Template& PickTemplate(Rng& rng, Story story, Tone tone, std::string_view lang);
// A template's text with its placeholders filled for this author and draft.
std::string Fill(Rng& rng, std::string_view text, const DemoAuthor& author, const Draft& d);
// The platform's own id for a post, and its permalink.
std::pair<std::string, std::string> MakeIds(Rng& rng, const DemoAuthor& a);
PostMetrics MakeMetrics(Rng& rng, const DemoAuthor& a, const Draft& d);

}  // namespace tribu::demo
