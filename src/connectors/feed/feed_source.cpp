#include "connectors/feed/feed_source.h"

#include <nlohmann/json.hpp>
#include <unordered_set>

#include "connectors/feed/feed_parser.h"
#include "connectors/settings.h"
#include "connectors/stable_id.h"
#include "tribu/core/utf8.h"

namespace tribu::connectors::feed {

namespace {

using nlohmann::json;

class FeedSource final : public Source {
 public:
  FeedSource(const Channel& channel, FeedConfig config, SourceEnv env)
      : channel_(channel), config_(std::move(config)), env_(env) {}

  std::chrono::seconds interval() const override { return config_.interval; }

  FetchResult Fetch(std::string_view cursor) override {
    json state = json::parse(cursor.empty() ? std::string_view("{}") : cursor, nullptr, false);
    if (!state.is_object()) state = json::object();  // a cursor from elsewhere: start afresh
    HttpRequest req;
    req.url = config_.url;
    req.timeout = config_.timeout;
    req.max_body_bytes = config_.max_bytes;
    req.headers = {{"Accept",
                    "application/rss+xml, application/atom+xml, application/feed+json, "
                    "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"}};
    if (state.contains("etag") && state["etag"].is_string()) {
      req.headers.emplace_back("If-None-Match", state["etag"].get<std::string>());
    }
    if (state.contains("last_modified") && state["last_modified"].is_string()) {
      req.headers.emplace_back("If-Modified-Since", state["last_modified"].get<std::string>());
    }
    auto resp = env_.http.Send(req);
    if (!resp) return std::unexpected(FetchFailure{resp.error(), std::nullopt});
    const Timestamp now = env_.clock.Now();
    Batch batch;
    if (resp->status == 304) {
      batch.cursor = std::string(cursor);
      return batch;
    }
    if (resp->status < 200 || resp->status > 299) {
      return std::unexpected(HttpFailure(*resp, "the feed", now));
    }
    auto parsed = ParseFeed(resp->body, resp->Header("content-type").value_or(""), resp->final_url);
    if (!parsed) return std::unexpected(FetchFailure{parsed.error(), std::nullopt});
    batch.warnings = std::move(parsed->warnings);
    ToPosts(*parsed, now, batch);

    json next = json::object();
    if (auto etag = resp->Header("etag")) next["etag"] = std::string(TruncateUtf8(*etag, 512));
    if (auto lm = resp->Header("last-modified")) {
      next["last_modified"] = std::string(TruncateUtf8(*lm, 128));
    }
    batch.cursor = next.dump(-1, ' ', false, json::error_handler_t::replace);
    return batch;
  }

 private:
  void ToPosts(const ParsedFeed& feed, Timestamp now, Batch& batch) const {
    std::string fallback_author = !feed.title.empty() ? feed.title : HostOf(config_.url);
    fallback_author = std::string(TruncateUtf8(fallback_author, kMaxHandleBytes));
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < feed.items.size(); ++i) {
      const FeedItem& item = feed.items[i];
      Post p;
      p.workspace_id = channel_.workspace_id;
      p.channel_id = channel_.id;
      p.platform = channel_.platform;
      p.external_id = !item.id.empty() ? item.id : item.link;
      if (p.external_id.empty() || p.external_id.size() > kMaxExternalIdBytes) {
        p.external_id =
            StableId(p.external_id.empty() ? item.title + '\x1f' + item.text : p.external_id);
      }
      const std::string label = "item " + std::to_string(i + 1) + " (" +
                                std::string(TruncateUtf8(p.external_id, 80)) + ")";
      if (!seen.insert(p.external_id).second) {
        batch.skipped.push_back({p.external_id, label + ": the same id appears twice in the "
                                                        "feed; the first was kept"});
        continue;
      }
      p.author.platform = p.platform;
      p.author.handle = !item.author.empty() ? item.author : fallback_author;
      p.author.display_name = p.author.handle;
      if (item.title.empty()) {
        p.text = item.text;
      } else if (item.text.empty() || item.text.starts_with(item.title)) {
        p.text = item.text.empty() ? item.title : item.text;
      } else {
        p.text = item.title + "\n\n" + item.text;
      }
      p.text = std::string(TruncateUtf8(p.text, kMaxPostTextBytes));
      if (p.text.empty()) {
        batch.skipped.push_back({p.external_id, label + ": no title and no text"});
        continue;
      }
      p.url = item.link;
      p.lang = "und";
      if (item.published) {
        p.published_at = *item.published;
      } else {
        p.published_at = now;
        batch.warnings.push_back(label + ": " +
                                 (item.date_problem.empty() ? "no date" : item.date_problem) +
                                 "; dated when collected");
      }
      if (auto s = ValidatePost(p); !s) {
        batch.skipped.push_back({p.external_id, label + ": " + s.error().message});
        continue;
      }
      batch.posts.push_back(std::move(p));
    }
  }

  Channel channel_;
  FeedConfig config_;
  SourceEnv env_;
};

}  // namespace

Result<FeedConfig> ParseFeedConfig(std::string_view config_json) {
  auto settings = Settings::Parse(config_json, "rss",
                                  {"url", "interval_seconds", "timeout_seconds", "max_bytes"});
  if (!settings) return Fail(settings.error());
  FeedConfig c;
  auto url = settings->Url("url", true, "https://example.com/feed.xml");
  if (!url) return Fail(url.error());
  auto timing = settings->PollTiming(std::chrono::seconds(900));
  if (!timing) return Fail(timing.error());
  auto max_bytes = settings->Int("max_bytes", 8 << 20, 1024, 64 << 20);
  if (!max_bytes) return Fail(max_bytes.error());
  c.url = std::move(*url);
  c.interval = timing->interval;
  c.timeout = timing->timeout;
  c.max_bytes = static_cast<std::size_t>(*max_bytes);
  return c;
}

std::unique_ptr<Source> MakeFeedSource(const Channel& channel, FeedConfig config, SourceEnv env) {
  return std::make_unique<FeedSource>(channel, std::move(config), env);
}

}  // namespace tribu::connectors::feed
