#include "connectors/reddit/reddit_source.h"

#include <openssl/evp.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "connectors/json_fields.h"
#include "connectors/settings.h"
#include "connectors/url.h"
#include "tribu/core/utf8.h"

namespace tribu::connectors::reddit {

namespace {

constexpr int kPageSize = 100;  // Reddit's maximum

struct Config {
  std::string subreddit;
  std::string listing;
  std::string query;
  std::string client_id;
  std::string api_base;
  std::string auth_url;
  std::chrono::seconds interval{120};
  std::chrono::seconds timeout{30};
};

bool IsSubredditName(std::string_view s) {
  if (s.size() < 2 || s.size() > 21) return false;
  return std::ranges::all_of(s, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<Config> ParseConfig(std::string_view config_json) {
  auto s = Settings::Parse(config_json, "reddit",
                           {"subreddit", "listing", "query", "client_id", "interval_seconds",
                            "timeout_seconds", "api_base", "auth_url"});
  if (!s) return Fail(s.error());
  Config c;
  auto listing = s->Choice("listing", {"new", "comments", "search"});
  if (!listing) return Fail(listing.error());
  c.listing = *listing;
  auto sub = s->String("subreddit", c.listing != "search", 64);
  if (!sub) return Fail(sub.error());
  c.subreddit = *sub;
  if (c.subreddit.starts_with("r/")) c.subreddit.erase(0, 2);
  if (!c.subreddit.empty() && !IsSubredditName(c.subreddit)) {
    return Fail(ErrorCode::kInvalidArgument,
                "subreddit must be a name like \"france\" (2 to 21 letters, digits or _)");
  }
  auto query = s->String("query", c.listing == "search", 512);
  if (!query) return Fail(query.error());
  c.query = *query;
  auto id = s->String("client_id", true, 128);
  if (!id) return Fail(id.error());
  c.client_id = *id;
  auto api = s->Url("api_base", false, "https://oauth.reddit.com");
  if (!api) return Fail(api.error());
  c.api_base = api->empty() ? "https://oauth.reddit.com" : *api;
  while (c.api_base.ends_with('/')) c.api_base.pop_back();
  auto auth = s->Url("auth_url", false, "https://www.reddit.com/api/v1/access_token");
  if (!auth) return Fail(auth.error());
  c.auth_url = auth->empty() ? "https://www.reddit.com/api/v1/access_token" : *auth;
  auto timing = s->PollTiming(std::chrono::seconds(120));
  if (!timing) return Fail(timing.error());
  c.interval = timing->interval;
  c.timeout = timing->timeout;
  return c;
}

std::string Base64(std::string_view s) {
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool IsFullname(std::string_view s) {
  return s.size() > 3 && s.size() < 32 && s[0] == 't' && s[2] == '_' &&
         s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

class RedditSource final : public Source {
 public:
  RedditSource(const Channel& channel, Config config, std::string secret, SourceEnv env)
      : channel_(channel), config_(std::move(config)), secret_(std::move(secret)), env_(env) {}

  std::chrono::seconds interval() const override { return config_.interval; }

  FetchResult Fetch(std::string_view cursor) override {
    std::string before;
    double before_time = 0;
    nlohmann::json c = nlohmann::json::parse(cursor.empty() ? "{}" : cursor, nullptr, false);
    if (c.is_object() && c.contains("before") && c["before"].is_string() &&
        IsFullname(c["before"].get<std::string>())) {
      before = c["before"].get<std::string>();
      if (c.contains("created") && c["created"].is_number())
        before_time = c["created"].get<double>();
    }
    auto page = Listing(before);
    if (!page) return std::unexpected(page.error());
    bool filtered = false;
    if (page->posts.empty() && page->skipped.empty() && !before.empty()) {
      // The anchor may be gone: read the newest page and keep what is newer.
      page = Listing("");
      if (!page) return std::unexpected(page.error());
      filtered = true;
    }
    Batch batch;
    batch.skipped = std::move(page->skipped);
    std::string newest = before;
    double newest_time = before_time;
    for (std::size_t i = 0; i < page->posts.size(); ++i) {
      const double t = page->times[i];
      if (filtered && t < before_time) continue;
      if (t >= newest_time) {
        newest_time = t;
        newest = page->posts[i].external_id;
      }
      batch.posts.push_back(std::move(page->posts[i]));
    }
    batch.more = !before.empty() && !filtered && page->items >= kPageSize;
    batch.cursor = newest.empty()
                       ? std::string(cursor)
                       : nlohmann::json{{"before", newest}, {"created", newest_time}}.dump();
    return batch;
  }

 private:
  struct Page {
    std::vector<Post> posts;
    std::vector<double> times;  // created_utc of each post
    std::vector<SkippedItem> skipped;
    std::size_t items = 0;
  };

  std::expected<Page, FetchFailure> Listing(const std::string& before) {
    std::string path;
    const std::string paging = "limit=" + std::to_string(kPageSize) + "&raw_json=1" +
                               (before.empty() ? "" : "&before=" + before);
    const std::string sub = "/r/" + config_.subreddit;
    if (config_.listing == "new") {
      path = sub + "/new?" + paging;
    } else if (config_.listing == "comments") {
      path = sub + "/comments?" + paging;
    } else {
      path = (config_.subreddit.empty() ? "" : sub) + "/search?q=" + UrlEscape(config_.query) +
             (config_.subreddit.empty() ? "" : "&restrict_sr=1") + "&sort=new&" + paging;
    }
    auto resp = Get(path);
    if (!resp) return std::unexpected(resp.error());
    simdjson::dom::parser parser;
    auto doc = json::Parse(parser, resp->body, "the Reddit listing");
    if (!doc) return std::unexpected(FetchFailure{doc.error(), std::nullopt});
    auto root = json::AsObject(*doc, "the Reddit listing");
    if (!root) return std::unexpected(FetchFailure{root.error(), std::nullopt});
    auto data = json::ObjectField(*root, "data");
    if (!data) return std::unexpected(FetchFailure{data.error(), std::nullopt});
    auto children = json::ArrayField(*data, "children");
    if (!children) return std::unexpected(FetchFailure{children.error(), std::nullopt});
    Page page;
    for (json::Element e : *children) {
      ++page.items;
      auto child = json::AsObject(e, "a listing item");
      if (!child) {
        page.skipped.push_back({"#" + std::to_string(page.items), child.error().message});
        continue;
      }
      std::string kind = json::OptionalString(*child, "kind").value_or("");
      auto item = json::ObjectField(*child, "data");
      if (!item || (kind != "t1" && kind != "t3")) {
        page.skipped.push_back({"#" + std::to_string(page.items), "not a post or a comment"});
        continue;
      }
      double created = 0;
      auto post = ToPost(kind, *item, created);
      if (!post) {
        page.skipped.push_back(
            {json::OptionalString(*item, "name").value_or(""),
             "item " + std::to_string(page.items) + ": " + post.error().message});
        continue;
      }
      page.posts.push_back(std::move(*post));
      page.times.push_back(created);
    }
    return page;
  }

  Result<Post> ToPost(const std::string& kind, json::Object d, double& created) const {
    Post p;
    p.workspace_id = channel_.workspace_id;
    p.channel_id = channel_.id;
    p.platform = channel_.platform;
    auto name = json::String(d, "name");
    if (!name) return Fail(name.error());
    if (!IsFullname(*name))
      return Fail(ErrorCode::kInvalidArgument, "field 'name' is not a Reddit id");
    p.external_id = *name;
    auto author = json::String(d, "author");
    if (!author) return Fail(author.error());
    p.author.platform = p.platform;
    p.author.handle = "u/" + *author;
    p.author.display_name = *author;
    auto when = json::OptionalNumber(d, "created_utc");
    if (!when) return Fail(when.error());
    if (!*when || !std::isfinite(**when) || **when < 0 || **when > 4e10) {
      return Fail(ErrorCode::kInvalidArgument, "field 'created_utc' must be a time in seconds");
    }
    created = **when;
    p.published_at = FromUnixMillis(static_cast<std::int64_t>(created * 1000));
    if (kind == "t3") {
      auto title = json::String(d, "title");
      if (!title) return Fail(title.error());
      std::string self = json::OptionalString(d, "selftext").value_or("");
      p.text = self.empty() ? *title : *title + "\n\n" + self;
      auto comments = json::Count(d, "num_comments");
      if (!comments) return Fail(comments.error());
      p.metrics.replies = *comments;
    } else {
      auto body = json::String(d, "body");
      if (!body) return Fail(body.error());
      p.text = *body;
      p.parent_external_id = json::OptionalString(d, "parent_id").value_or("");
      if (!IsFullname(p.parent_external_id)) p.parent_external_id.clear();
    }
    p.text = RepairUtf8(TruncateUtf8(p.text, kMaxPostTextBytes));
    if (p.text.empty()) return Fail(ErrorCode::kInvalidArgument, "no text");
    // Scores can be negative; a like count cannot.
    auto score = json::OptionalNumber(d, "score");
    if (!score) return Fail(score.error());
    p.metrics.likes = *score && **score > 0 ? static_cast<std::int64_t>(**score) : 0;
    std::string permalink = json::OptionalString(d, "permalink").value_or("");
    if (permalink.starts_with("/")) p.url = "https://www.reddit.com" + permalink;
    p.lang = "und";
    TRIBU_RETURN_IF_ERROR(ValidatePost(p));
    return p;
  }

  std::expected<HttpResponse, FetchFailure> Get(const std::string& path) {
    if (auto s = Authorize(); !s) return std::unexpected(s.error());
    HttpRequest req;
    req.url = config_.api_base + path;
    req.timeout = config_.timeout;
    req.headers = {{"Authorization", "bearer " + token_}, {"Accept", "application/json"}};
    auto resp = env_.http.Send(req);
    if (!resp) return std::unexpected(FetchFailure{resp.error(), std::nullopt});
    if (resp->status == 401) token_.clear();  // expired early: a new one next time
    if (resp->status != 200) {
      return std::unexpected(HttpFailure(*resp, "Reddit", env_.clock.Now()));
    }
    return std::move(*resp);
  }

  // An application-only token, cached until shortly before it expires.
  std::expected<void, FetchFailure> Authorize() {
    const Timestamp now = env_.clock.Now();
    if (!token_.empty() && now < token_expires_) return {};
    if (secret_.empty()) {
      return std::unexpected(FetchFailure{
          {ErrorCode::kUnauthenticated, "the channel has no secret: set the Reddit app's secret"},
          std::nullopt});
    }
    HttpRequest req;
    req.method = "POST";
    req.url = config_.auth_url;
    req.timeout = config_.timeout;
    req.body = "grant_type=client_credentials";
    req.headers = {{"Authorization", "Basic " + Base64(config_.client_id + ":" + secret_)},
                   {"Content-Type", "application/x-www-form-urlencoded"}};
    auto resp = env_.http.Send(req);
    if (!resp) return std::unexpected(FetchFailure{resp.error(), std::nullopt});
    if (resp->status != 200) {
      return std::unexpected(HttpFailure(*resp, "Reddit's token endpoint", now));
    }
    nlohmann::json j = nlohmann::json::parse(resp->body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("access_token") ||
        !j["access_token"].is_string()) {
      std::string why = j.is_object() && j.contains("error") && j["error"].is_string()
                            ? j["error"].get<std::string>()
                            : "no access_token in the answer";
      return std::unexpected(FetchFailure{
          {ErrorCode::kUnauthenticated, "Reddit refused the app's credentials: " + why},
          std::nullopt});
    }
    token_ = j["access_token"].get<std::string>();
    std::int64_t expires = j.contains("expires_in") && j["expires_in"].is_number_integer()
                               ? j["expires_in"].get<std::int64_t>()
                               : 3600;
    token_expires_ = now + std::chrono::seconds(std::max<std::int64_t>(expires - 60, 30));
    return {};
  }

  Channel channel_;
  Config config_;
  std::string secret_;
  SourceEnv env_;
  std::string token_;
  Timestamp token_expires_{};
};

}  // namespace

Status ValidateConfig(std::string_view config_json) {
  auto c = ParseConfig(config_json);
  if (!c) return Fail(c.error());
  return {};
}

Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string client_secret,
                                           SourceEnv env) {
  auto c = ParseConfig(channel.config_json);
  if (!c) return Fail(c.error());
  return std::unique_ptr<Source>(
      std::make_unique<RedditSource>(channel, std::move(*c), std::move(client_secret), env));
}

}  // namespace tribu::connectors::reddit
