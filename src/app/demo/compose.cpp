// The demo's people and words: authors per platform, post texts filled from
// the corpus, platform ids and engagement. Shared by the demo workspace and
// the alert evaluation streams. See compose.h.
#include "app/demo/compose.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tribu::demo {

namespace {

// Letters without accents, lower case, for handles.
std::string Ascii(std::string_view s) {
  static const std::map<std::string, char> kFold = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"É", 'e'}, {"à", 'a'}, {"â", 'a'},
      {"ç", 'c'}, {"î", 'i'}, {"ï", 'i'}, {"ô", 'o'}, {"ö", 'o'}, {"ù", 'u'}, {"û", 'u'}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    auto it = kFold.find(std::string(s.substr(i, len)));
    if (it != kFold.end()) out += it->second;
    i += len;
  }
  return out;
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string RandomChars(Rng& rng, std::string_view alphabet, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += alphabet[rng.Index(alphabet.size())];
  return out;
}

std::string Digits(Rng& rng, int n) {
  std::string out(1, static_cast<char>('1' + rng.Between(0, 8)));
  return out + RandomChars(rng, "0123456789", n - 1);
}

DemoAuthor MakeUser(Rng& rng, std::string_view platform, std::string lang) {
  DemoAuthor a;
  a.platform = platform;
  a.lang = std::move(lang);
  std::string first(rng.Pick(FirstNames(a.lang)));
  std::string last(rng.Pick(LastNames(a.lang)));
  std::string f = Ascii(first), l = Ascii(last);
  std::string n = std::to_string(rng.Between(1, 99));
  a.name = first + " " + last;
  a.followers = static_cast<std::int64_t>(rng.LogNormal(280, 1.3));
  if (platform == "mastodon") {
    std::string instance(rng.Pick(MastodonInstances()));
    a.handle = "@" + f + "_" + l.substr(0, 1) + n + "@" + instance;
    a.profile_url = "https://" + instance + "/@" + f + "_" + l.substr(0, 1) + n;
  } else if (platform == "bluesky") {
    a.handle = f + l + n + ".bsky.social";
    a.profile_url = "https://bsky.app/profile/" + a.handle;
  } else if (platform == "reddit") {
    static constexpr std::string_view kWords[] = {"rides",  "velo",   "commute",
                                                  "pedals", "spokes", "watts"};
    a.handle = "u/" + f + "_" + std::string(rng.Pick(std::span(kWords))) + n;
    a.name.clear();  // reddit shows no real names
    a.profile_url = "https://www.reddit.com";
  } else if (platform == "x") {
    a.handle = "@" + Capitalized(f) + Capitalized(l) + n;
    a.profile_url = "https://x.com/" + a.handle.substr(1);
  } else if (platform == "instagram") {
    a.handle = f + "." + l + (rng.Chance(0.5) ? ".rides" : n);
    a.profile_url = "https://www.instagram.com";
    a.followers = static_cast<std::int64_t>(rng.LogNormal(650, 1.2));
  } else if (platform == "facebook") {
    a.handle = f + "." + l + "." + Digits(rng, 4);
    a.profile_url = "https://www.facebook.com/" + a.handle;
  } else {  // youtube
    a.handle = "@" + Capitalized(f) + Capitalized(l) + (rng.Chance(0.5) ? "Rides" : "Velo");
    a.profile_url = "https://www.youtube.com";
    a.followers = static_cast<std::int64_t>(rng.LogNormal(1500, 1.5));
  }
  // A heavy tail: a few people post a lot, most post now and then.
  a.activity = std::pow(rng.Uniform() + 0.02, -1.1);
  return a;
}

}  // namespace

Post PostBy(const DemoAuthor& a) {
  Post p;
  p.platform = a.platform;
  p.author.platform = a.platform;
  p.author.handle = a.handle;
  p.author.display_name = a.name;
  p.author.followers = a.followers;
  return p;
}

Authors MakeAuthors(Rng& rng) {
  Authors out;
  auto add = [&](DemoAuthor a) {
    out.all.push_back(std::move(a));
    std::size_t i = out.all.size() - 1;
    const DemoAuthor& ref = out.all.back();
    if (ref.brand) {
      out.brand_account[ref.platform] = i;
    } else {
      out.by_platform[ref.platform].push_back(i);
    }
    return i;
  };
  for (const auto& p : kPlatforms) {
    if (p.name == "rss") continue;
    for (int i = 0; i < static_cast<int>(520 * p.weight / 0.89); ++i) {
      add(MakeUser(rng, p.name, rng.Chance(0.6) ? "fr" : "en"));
    }
    // A few influencers per platform.
    for (int i = 0; i < 2; ++i) {
      DemoAuthor a = MakeUser(rng, p.name, i == 0 ? "fr" : "en");
      a.followers = static_cast<std::int64_t>(rng.LogNormal(90000, 0.8));
      a.activity = 2.5;
      add(a);
    }
    DemoAuthor brand;
    brand.platform = p.name;
    brand.lang = "fr";
    brand.brand = true;
    brand.name = "Velora";
    brand.followers = static_cast<std::int64_t>(rng.LogNormal(24000, 0.4));
    brand.handle = p.name == "mastodon"  ? "@velora@piaille.fr"
                   : p.name == "bluesky" ? "velora.bike"
                   : p.name == "reddit"  ? "u/Velora_Official"
                   : p.name == "x"       ? "@Velora"
                   : p.name == "youtube" ? "@VeloraBikes"
                                         : "velora.bikes";
    brand.profile_url = p.name == "mastodon" ? "https://piaille.fr/@velora"
                        : p.name == "x"      ? "https://x.com/Velora"
                                             : "https://velora.example";
    add(brand);
  }
  for (const auto& o : NewsOutlets()) {
    DemoAuthor a;
    a.platform = "rss";
    a.handle = std::string(o.domain);
    a.name = std::string(o.name);
    a.lang = std::string(o.lang);
    a.profile_url = "https://" + std::string(o.domain);
    a.followers = static_cast<std::int64_t>(rng.LogNormal(40000, 1.0));
    a.activity = 1;
    a.outlet = true;
    add(a);
  }
  DemoAuthor lea;
  lea.platform = "x";
  lea.handle = "@LeaRoule";
  lea.name = "Léa Roule 🚲";
  lea.lang = "fr";
  lea.profile_url = "https://x.com/LeaRoule";
  lea.followers = 184300;
  lea.activity = 0.5;
  out.crisis_influencer = add(lea);
  return out;
}

std::string PickCompetitor(Rng& rng) { return rng.Chance(0.55) ? "Cyclon" : "Mobilix"; }

Tone PickTone(Rng& rng, double pos, double neu) {
  double x = rng.Uniform();
  return x < pos ? Tone::kPositive : x < pos + neu ? Tone::kNeutral : Tone::kNegative;
}

const Template& PickTemplate(Rng& rng, Story story, Tone tone, std::string_view lang) {
  std::vector<const Template*> fits;
  for (Tone t : {tone, Tone::kNeutral, Tone::kPositive, Tone::kNegative}) {
    for (const auto& tpl : Templates()) {
      if (tpl.story == story && tpl.tone == t && tpl.lang == lang) fits.push_back(&tpl);
    }
    if (!fits.empty()) break;
  }
  return *fits[rng.Index(fits.size())];
}

std::string Fill(Rng& rng, std::string_view text, const DemoAuthor& author, const Draft& d) {
  const std::string& lang = author.lang;
  const bool fr = lang == "fr";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '{') {
      out += text[i++];
      continue;
    }
    std::size_t end = text.find('}', i);
    std::string_view slot = text.substr(i + 1, end - i - 1);
    i = end + 1;
    if (slot == "brand") {
      double x = rng.Uniform();
      bool tags = author.platform == "x" || author.platform == "instagram";
      out += tags && x < 0.3 ? "@Velora" : x < 0.38 ? "#Velora" : x < 0.42 ? "VELORA" : "Velora";
    } else if (slot == "comp") {
      out += d.comp.empty() ? PickCompetitor(rng) : d.comp;
    } else if (slot == "product") {
      out += rng.Pick(Products(lang));
    } else if (slot == "new") {
      static constexpr std::string_view kNew[] = {"Urban 2", "Velora Urban 2", "Urban 2"};
      out += rng.Pick(std::span(kNew));
    } else if (slot == "city") {
      out += rng.Pick(Cities(lang));
    } else if (slot == "feature") {
      out += rng.Pick(Features(lang));
    } else if (slot == "km") {
      out += std::to_string(rng.Between(4, 24) * 5);
    } else if (slot == "weeks") {
      out += std::to_string(rng.Between(2, 6));
    } else if (slot == "hour") {
      out += std::to_string(rng.Between(12, 18));
    } else if (slot == "price") {
      static constexpr std::string_view kFr[] = {"1 899 €", "2 499 €", "2 990 €", "3 290 €"};
      static constexpr std::string_view kEn[] = {"€1,899", "€2,499", "€2,990", "$3,290"};
      out += fr ? rng.Pick(std::span(kFr)) : rng.Pick(std::span(kEn));
    } else if (slot == "tag") {
      out += rng.Pick(Tags(lang));
    } else if (slot == "pos") {
      out += rng.Pick(PositiveEmoji());
    } else if (slot == "neg") {
      out += rng.Pick(NegativeEmoji());
    }
  }
  // Some people open or close with a few words of their own. Drawn every time,
  // so that the sequence of draws does not depend on the template.
  const bool open = rng.Chance(0.22), close = rng.Chance(0.2);
  const std::string_view opener = rng.Pick(Openers(lang, d.tone));
  const std::string_view closer = rng.Pick(Closers(lang, d.tone));
  if (d.story != Story::kBrandReply && author.platform != "rss") {
    if (open) out = std::string(opener) + " " + out;
    if (close) out += " " + std::string(closer);
  }
  // Tidy the spaces left by empty fillers.
  std::string tidy;
  for (char c : out) {
    if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy += c;
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  return tidy;
}

// A permalink and the platform's own id for a post.
std::pair<std::string, std::string> MakeIds(Rng& rng, const DemoAuthor& a) {
  static constexpr std::string_view kB32 = "234567abcdefghijklmnopqrstuvwxyz";
  static constexpr std::string_view kB36 = "0123456789abcdefghijklmnopqrstuvwxyz";
  static constexpr std::string_view kB64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  if (a.platform == "mastodon") {
    std::string id = "113" + Digits(rng, 15);
    return {id, a.profile_url + "/" + id};
  }
  if (a.platform == "bluesky") {
    std::string rkey = "3l" + RandomChars(rng, kB32, 11);
    std::string did = "did:plc:" + RandomChars(rng, kB32, 24);
    return {"at://" + did + "/app.bsky.feed.post/" + rkey,
            "https://bsky.app/profile/" + a.handle + "/post/" + rkey};
  }
  if (a.platform == "reddit") {
    std::string id = RandomChars(rng, kB36, 7);
    std::string sub(rng.Pick(Subreddits(a.lang)));
    return {"t3_" + id, "https://www.reddit.com/r/" + sub + "/comments/" + id + "/"};
  }
  if (a.platform == "x") {
    std::string id = "18" + Digits(rng, 17);
    return {id, a.profile_url + "/status/" + id};
  }
  if (a.platform == "instagram") {
    std::string code = RandomChars(rng, kB64, 11);
    return {code, "https://www.instagram.com/p/" + code + "/"};
  }
  if (a.platform == "facebook") {
    std::string page = Digits(rng, 15), post = Digits(rng, 16);
    return {page + "_" + post, "https://www.facebook.com/" + a.handle + "/posts/" + post};
  }
  if (a.platform == "youtube") {
    std::string video = RandomChars(rng, kB64, 11);
    std::string comment = "Ugz" + RandomChars(rng, kB64, 20);
    return {comment, "https://www.youtube.com/watch?v=" + video + "&lc=" + comment};
  }
  // rss: the article URL is its guid.
  std::string url = "https://" + a.handle + "/articles/" + RandomChars(rng, kB36, 10);
  return {url, url};
}

PostMetrics MakeMetrics(Rng& rng, const DemoAuthor& a, const Draft& d) {
  PostMetrics m;
  if (a.platform == "rss") return m;
  double rate = rng.LogNormal(0.02, 0.9);
  if (d.story == Story::kCrisis && d.tone == Tone::kNegative) rate *= 3;
  if (d.influencer_opening) rate = 0.05;
  double likes = static_cast<double>(a.followers) * rate;
  m.likes = static_cast<std::int64_t>(likes);
  m.replies = static_cast<std::int64_t>(likes * rng.LogNormal(0.12, 0.5));
  if (a.platform != "reddit")
    m.shares = static_cast<std::int64_t>(likes * rng.LogNormal(0.15, 0.6));
  if (a.platform == "x" || a.platform == "instagram" || a.platform == "facebook" ||
      a.platform == "youtube") {
    m.reach = static_cast<std::int64_t>(
        static_cast<double>(a.followers) * rng.LogNormal(0.35, 0.5) + likes * 25);
  }
  return m;
}

}  // namespace tribu::demo
