// The words of the demo: post templates by story, tone and language, and the
// names and places that fill them. Placeholders in braces are filled by the
// generator: {brand} {product} {new} {comp} {city} {feature} {km} {price}
// {pos} {neg} {tag} {weeks} {hour}.
#pragma once

#include <span>
#include <string_view>

namespace tribu::demo {

enum class Story { kBrand, kCompetitor, kLaunch, kCrisis, kCampaign, kMarket, kBrandReply };
enum class Tone { kPositive, kNeutral, kNegative };

struct Template {
  Story story;
  Tone tone;
  std::string_view lang;  // "fr" or "en"
  std::string_view text;
};

std::span<const Template> Templates();

// Words people put before or after what they say ("Petit retour :", "Thoughts?"),
// by language and tone, so that two posts from one template rarely read the same.
std::span<const std::string_view> Openers(std::string_view lang, Tone tone);
std::span<const std::string_view> Closers(std::string_view lang, Tone tone);

// Fillers, per language where it matters.
std::span<const std::string_view> FirstNames(std::string_view lang);
std::span<const std::string_view> LastNames(std::string_view lang);
std::span<const std::string_view> Cities(std::string_view lang);
std::span<const std::string_view> Features(std::string_view lang);
std::span<const std::string_view> Products(std::string_view lang);
std::span<const std::string_view> Tags(std::string_view lang);
std::span<const std::string_view> PositiveEmoji();
std::span<const std::string_view> NegativeEmoji();
std::span<const std::string_view> MastodonInstances();
std::span<const std::string_view> Subreddits(std::string_view lang);

struct Outlet {
  std::string_view domain;
  std::string_view name;
  std::string_view lang;
};
std::span<const Outlet> NewsOutlets();

}  // namespace tribu::demo
