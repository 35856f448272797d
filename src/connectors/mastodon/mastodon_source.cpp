#include "connectors/mastodon/mastodon_source.h"

#include <map>
#include <nlohmann/json.hpp>

#include "connectors/feed/feed_parser.h"
#include "connectors/json_fields.h"
#include "connectors/settings.h"
#include "connectors/url.h"
#include "tribu/core/utf8.h"

namespace tribu::connectors::mastodon {

namespace {

constexpr int kPageSize = 40;  // Mastodon's maximum for timelines

struct Config {
  std::string server;  // without trailing slash
  std::string timeline;
  std::string tag;
  std::string query;
  std::chrono::seconds interval{60};
  std::chrono::seconds timeout{30};
  bool context = true;
  bool stream = true;         // follow the streaming API once caught up
  std::string streaming_url;  // wss://server/api/v1/streaming unless set
};

Result<Config> ParseConfig(std::string_view config_json) {
  auto s = Settings::Parse(config_json, "mastodon",
                           {"server", "timeline", "tag", "query", "stream", "streaming_url",
                            "interval_seconds", "timeout_seconds", "context"});
  if (!s) return Fail(s.error());
  Config c;
  auto server = s->Url("server", true, "https://mastodon.social");
  if (!server) return Fail(server.error());
  c.server = std::move(*server);
  while (c.server.ends_with('/')) c.server.pop_back();
  auto timeline =
      s->Choice("timeline", {"hashtag", "public", "local", "search", "mentions", "home"});
  if (!timeline) return Fail(timeline.error());
  c.timeline = *timeline;
  auto tag = s->String("tag", c.timeline == "hashtag", 100);
  if (!tag) return Fail(tag.error());
  c.tag = *tag;
  if (c.tag.starts_with('#')) c.tag.erase(0, 1);
  if (c.timeline == "hashtag" &&
      (c.tag.empty() || c.tag.find_first_of(" /?#&%\t\r\n") != std::string::npos)) {
    return Fail(ErrorCode::kInvalidArgument, "tag must be one hashtag, e.g. \"velora\"");
  }
  auto query = s->String("query", c.timeline == "search", 500);
  if (!query) return Fail(query.error());
  c.query = *query;
  auto timing = s->PollTiming(std::chrono::seconds(60));
  if (!timing) return Fail(timing.error());
  c.interval = timing->interval;
  c.timeout = timing->timeout;
  auto context = s->Bool("context", true);
  if (!context) return Fail(context.error());
  c.context = *context;
  auto stream = s->Bool("stream", true);
  if (!stream) return Fail(stream.error());
  c.stream = *stream && c.timeline != "search";  // search has no stream
  auto streaming = s->String("streaming_url", false, 512);
  if (!streaming) return Fail(streaming.error());
  c.streaming_url = *streaming;
  if (c.streaming_url.empty()) {
    c.streaming_url = (c.server.starts_with("https://") ? "wss://" + c.server.substr(8)
                                                        : "ws://" + c.server.substr(7)) +
                      "/api/v1/streaming";
  }
  if (!c.streaming_url.starts_with("wss://") && !c.streaming_url.starts_with("ws://")) {
    return Fail(ErrorCode::kInvalidArgument,
                "streaming_url must be a wss:// address, e.g. "
                "wss://streaming.mastodon.social/api/v1/streaming");
  }
  return c;
}

// Mastodon ids are decimal strings that sort by time: longer is newer.
bool Newer(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() > b.size() : a > b;
}

bool IsDecimalId(std::string_view id) {
  return !id.empty() && id.size() <= 32 && id.find_first_not_of("0123456789") == std::string::npos;
}

class MastodonSource final : public Source {
 public:
  MastodonSource(const Channel& channel, Config config, std::string token, SourceEnv env)
      : channel_(channel), config_(std::move(config)), token_(std::move(token)), env_(env) {}

  std::chrono::seconds interval() const override { return config_.interval; }

  FetchResult Fetch(std::string_view cursor) override {
    std::string min_id;
    {
      nlohmann::json c = nlohmann::json::parse(cursor.empty() ? "{}" : cursor, nullptr, false);
      if (c.is_object() && c.contains("min_id") && c["min_id"].is_string() &&
          IsDecimalId(c["min_id"].get<std::string>())) {
        min_id = c["min_id"].get<std::string>();
      }
    }
    if (socket_) return ReadStream(std::string(cursor), min_id);
    auto page = Get(PagePath(min_id));
    if (!page) return std::unexpected(page.error());
    simdjson::dom::parser parser;
    auto doc = json::Parse(parser, page->body, "the " + config_.timeline + " answer");
    if (!doc) return std::unexpected(FetchFailure{doc.error(), std::nullopt});
    json::Array items;
    if (config_.timeline == "search") {
      auto root = json::AsObject(*doc, "the search answer");
      if (!root) return std::unexpected(FetchFailure{root.error(), std::nullopt});
      auto statuses = json::ArrayField(*root, "statuses");
      if (!statuses) return std::unexpected(FetchFailure{statuses.error(), std::nullopt});
      items = *statuses;
    } else if (doc->get_array().get(items) != simdjson::SUCCESS) {
      return std::unexpected(FetchFailure{
          {ErrorCode::kInvalidArgument, "the " + config_.timeline + " answer is not a list"},
          std::nullopt});
    }

    Batch batch;
    std::string newest = min_id;
    std::size_t n = 0;
    std::vector<std::string> threads;  // statuses whose conversation to fetch
    for (json::Element e : items) {
      ++n;
      auto obj = json::AsObject(e, "an item");
      if (!obj) {
        batch.skipped.push_back({"#" + std::to_string(n), obj.error().message});
        continue;
      }
      std::string id = json::OptionalString(*obj, "id").value_or("");
      if (IsDecimalId(id) && Newer(id, newest)) newest = id;
      auto status = StatusOf(*obj);
      if (!status) {
        batch.skipped.push_back({id.empty() ? "#" + std::to_string(n) : id,
                                 "item " + std::to_string(n) + ": " + status.error().message});
        continue;
      }
      if (!*status) continue;  // a notification without a status
      auto post = ToPost(**status);
      if (!post) {
        batch.skipped.push_back({id, "status " + id + ": " + post.error().message});
        continue;
      }
      if (config_.timeline == "mentions" && config_.context) {
        threads.push_back(json::OptionalString(**status, "id").value_or(""));
      }
      batch.posts.push_back(std::move(*post));
    }
    for (const std::string& id : threads) AddContext(id, batch);
    // Replies point at their parent's uri, where the parent came in this batch.
    for (Post& post : batch.posts) {
      auto it = uri_of_.find(post.parent_external_id);
      post.parent_external_id = it != uri_of_.end() ? it->second : "";
    }
    uri_of_.clear();
    // Caught up when the page was not full; the first fetch takes one page only.
    batch.more = !min_id.empty() && n >= static_cast<std::size_t>(kPageSize);
    batch.cursor = nlohmann::json{{"min_id", newest}}.dump();
    if (newest.empty()) batch.cursor = std::string(cursor);
    if (!batch.more && config_.stream && env_.websockets != nullptr &&
        env_.clock.Now() >= stream_retry_at_) {
      OpenStream(batch);
    }
    return batch;
  }

  // Caught up by polling: what comes next arrives on the streaming API.
  void OpenStream(Batch& batch) {
    static const std::map<std::string, std::string> kStreams = {{"hashtag", "hashtag"},
                                                                {"public", "public"},
                                                                {"local", "public:local"},
                                                                {"home", "user"},
                                                                {"mentions", "user:notification"}};
    std::string url = config_.streaming_url + "?stream=" + kStreams.at(config_.timeline);
    if (config_.timeline == "hashtag") url += "&tag=" + UrlEscape(config_.tag);
    if (!token_.empty()) url += "&access_token=" + UrlEscape(token_);
    auto ws = env_.websockets->Connect(url, config_.timeout);
    if (!ws) {
      stream_retry_at_ = env_.clock.Now() + std::chrono::minutes(10);
      batch.warnings.push_back("the streaming API is not reachable (" + ws.error().message +
                               "); polling every " + std::to_string(config_.interval.count()) +
                               " s, trying the stream again in 10 minutes");
      return;
    }
    socket_ = std::move(*ws);
    batch.more = true;  // read the stream right away
  }

  // Reads the stream for about a second; on a break, polls again (from the
  // cursor, so nothing that came meanwhile is missed) and reconnects.
  FetchResult ReadStream(std::string cursor, std::string newest) {
    Batch batch;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    while (std::chrono::steady_clock::now() < until && batch.posts.size() < 500) {
      auto m = socket_->Read(std::chrono::milliseconds(200));
      if (!m) {
        socket_.reset();
        batch.warnings.push_back(m.error().message + "; catching up by polling");
        break;
      }
      if (!*m) continue;
      HandleEvent(**m, newest, batch);
    }
    for (Post& post : batch.posts) {
      auto it = uri_of_.find(post.parent_external_id);
      post.parent_external_id = it != uri_of_.end() ? it->second : "";
    }
    uri_of_.clear();
    batch.more = true;  // a stream is never done; after a break, poll at once
    batch.cursor = newest.empty() ? std::move(cursor) : nlohmann::json{{"min_id", newest}}.dump();
    return batch;
  }

  // {"stream": [...], "event": "update" | "notification" | ..., "payload": "<JSON>"}
  void HandleEvent(std::string_view message, std::string& newest, Batch& batch) {
    simdjson::dom::parser outer;
    auto doc = json::Parse(outer, message, "a streaming event");
    if (!doc) {
      batch.skipped.push_back({"", doc.error().message});
      return;
    }
    auto event = json::AsObject(*doc, "a streaming event");
    if (!event) return;
    const std::string kind = json::OptionalString(*event, "event").value_or("");
    const bool mentions = config_.timeline == "mentions";
    if ((mentions && kind != "notification") ||
        (!mentions && kind != "update" && kind != "status.update")) {
      return;  // deletes, filters, announcements...
    }
    auto payload = json::String(*event, "payload");
    if (!payload) return;
    simdjson::dom::parser inner;
    auto item = json::Parse(inner, *payload, "a streamed " + kind);
    if (!item) {
      batch.skipped.push_back({"", item.error().message});
      return;
    }
    auto obj = json::AsObject(*item, "a streamed " + kind);
    if (!obj) return;
    if (mentions && json::OptionalString(*obj, "type").value_or("") != "mention") return;
    std::string id = json::OptionalString(*obj, "id").value_or("");
    if (IsDecimalId(id) && Newer(id, newest)) newest = id;
    auto status = StatusOf(*obj);
    if (!status || !*status) return;
    auto post = ToPost(**status);
    if (!post) {
      batch.skipped.push_back({id, "streamed status " + id + ": " + post.error().message});
      return;
    }
    batch.posts.push_back(std::move(*post));
    if (mentions && config_.context) {
      AddContext(json::OptionalString(**status, "id").value_or(""), batch);
    }
  }

 private:
  std::string PagePath(const std::string& min_id) const {
    std::string q = "limit=" + std::to_string(kPageSize);
    if (!min_id.empty()) q += "&min_id=" + min_id;
    const std::string& t = config_.timeline;
    if (t == "hashtag") return "/api/v1/timelines/tag/" + UrlEscape(config_.tag) + "?" + q;
    if (t == "public") return "/api/v1/timelines/public?" + q;
    if (t == "local") return "/api/v1/timelines/public?local=true&" + q;
    if (t == "home") return "/api/v1/timelines/home?" + q;
    if (t == "mentions") return "/api/v1/notifications?types[]=mention&" + q;
    return "/api/v2/search?type=statuses&resolve=false&q=" + UrlEscape(config_.query) + "&" + q;
  }

  std::expected<HttpResponse, FetchFailure> Get(const std::string& path) const {
    HttpRequest req;
    req.url = config_.server + path;
    req.timeout = config_.timeout;
    req.max_body_bytes = std::size_t{8} << 20;
    req.headers = {{"Accept", "application/json"}};
    if (!token_.empty()) req.headers.emplace_back("Authorization", "Bearer " + token_);
    auto resp = env_.http.Send(req);
    if (!resp) return std::unexpected(FetchFailure{resp.error(), std::nullopt});
    if (resp->status != 200) {
      return std::unexpected(HttpFailure(*resp, "the Mastodon server", env_.clock.Now()));
    }
    return std::move(*resp);
  }

  // The status an item carries: itself (timelines), its .status
  // (notifications; none for some), the original of a boost.
  Result<std::optional<json::Object>> StatusOf(json::Object item) const {
    json::Object status = item;
    if (config_.timeline == "mentions") {
      auto s = json::OptionalObject(item, "status");
      if (!s) return std::optional<json::Object>();
      status = *s;
    }
    if (auto reblog = json::OptionalObject(status, "reblog")) status = *reblog;
    return std::optional<json::Object>(status);
  }

  Result<Post> ToPost(json::Object s) {
    Post p;
    p.workspace_id = channel_.workspace_id;
    p.channel_id = channel_.id;
    p.platform = channel_.platform;
    auto uri = json::String(s, "uri");
    if (!uri) return Fail(uri.error());
    p.external_id = *uri;
    auto created = json::String(s, "created_at");
    if (!created) return Fail(created.error());
    auto when = ParseTimestamp(*created);
    if (!when) return Fail(when.error().WithContext("created_at"));
    p.published_at = *when;
    auto account = json::ObjectField(s, "account");
    if (!account) return Fail(account.error());
    auto acct = json::String(*account, "acct");
    if (!acct) return Fail(acct.error().WithContext("account"));
    // Local accounts have no domain in acct: add the server's, so handles are global.
    p.author.handle = "@" + *acct;
    if (acct->find('@') == std::string::npos) p.author.handle += "@" + HostOf(config_.server);
    p.author.platform = p.platform;
    p.author.display_name = json::OptionalString(*account, "display_name").value_or("");
    auto followers = json::Count(*account, "followers_count");
    if (!followers) return Fail(followers.error().WithContext("account"));
    p.author.followers = *followers;
    auto content = json::String(s, "content");
    if (!content) return Fail(content.error());
    std::string spoiler = json::OptionalString(s, "spoiler_text").value_or("");
    p.text = feed::HtmlToText(*content);
    if (!spoiler.empty()) p.text = "CW: " + feed::HtmlToText(spoiler) + "\n\n" + p.text;
    if (p.text.empty()) p.text = "(no text)";  // media only
    p.text = std::string(TruncateUtf8(p.text, kMaxPostTextBytes));
    std::string lang = json::OptionalString(s, "language").value_or("");
    p.lang =
        lang.size() >= 2 && (lang.size() == 2 || lang[2] == '-') ? AsciiLowerPrefix(lang) : "und";
    p.url = json::OptionalString(s, "url").value_or("");
    if (p.url.empty()) p.url = *uri;
    if (!p.url.starts_with("https://") && !p.url.starts_with("http://")) p.url.clear();
    // The server's own id of the parent for now; Fetch maps it to the parent's uri.
    p.parent_external_id = json::OptionalString(s, "in_reply_to_id").value_or("");
    uri_of_[json::OptionalString(s, "id").value_or("")] = *uri;
    auto likes = json::Count(s, "favourites_count");
    auto shares = json::Count(s, "reblogs_count");
    auto replies = json::Count(s, "replies_count");
    if (!likes || !shares || !replies) return Fail(ErrorCode::kInvalidArgument, "bad counts");
    p.metrics = {*likes, *shares, *replies, 0};
    TRIBU_RETURN_IF_ERROR(ValidatePost(p));
    return p;
  }

  static std::string AsciiLowerPrefix(std::string_view lang) {
    std::string out(lang.substr(0, 2));
    for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return out >= "aa" && out <= "zz" ? out : "und";
  }

  // The conversation around a mention: ancestors and replies become posts too.
  void AddContext(const std::string& id, Batch& batch) {
    if (!IsDecimalId(id)) return;
    auto resp = Get("/api/v1/statuses/" + id + "/context");
    if (!resp) {
      batch.warnings.push_back("conversation of status " + id +
                               " not collected: " + resp.error().error.message);
      return;
    }
    simdjson::dom::parser parser;
    auto doc = json::Parse(parser, resp->body, "the context answer");
    if (!doc) {
      batch.warnings.push_back(doc.error().message);
      return;
    }
    auto root = json::AsObject(*doc, "the context answer");
    if (!root) return;
    for (const char* side : {"ancestors", "descendants"}) {
      auto list = json::ArrayField(*root, side);
      if (!list) continue;
      for (json::Element e : *list) {
        auto obj = json::AsObject(e, "a status");
        if (!obj) continue;
        auto post = ToPost(*obj);
        if (!post) {
          batch.skipped.push_back(
              {"", std::string(side) + " of " + id + ": " + post.error().message});
          continue;
        }
        batch.posts.push_back(std::move(*post));
      }
    }
  }

  Channel channel_;
  Config config_;
  std::string token_;
  SourceEnv env_;
  std::map<std::string, std::string> uri_of_;  // during a fetch: server id -> uri
  std::unique_ptr<WebSocket> socket_;          // the streaming API, once caught up
  Timestamp stream_retry_at_{};                // after a failed connection
};

}  // namespace

Status ValidateConfig(std::string_view config_json) {
  auto c = ParseConfig(config_json);
  if (!c) return Fail(c.error());
  return {};
}

Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string token,
                                           SourceEnv env) {
  auto c = ParseConfig(channel.config_json);
  if (!c) return Fail(c.error());
  if (token.empty() && (c->timeline == "mentions" || c->timeline == "home")) {
    return Fail(ErrorCode::kInvalidArgument,
                "the " + c->timeline + " timeline needs an access token: set the channel's secret");
  }
  return std::unique_ptr<Source>(
      std::make_unique<MastodonSource>(channel, std::move(*c), std::move(token), env));
}

}  // namespace tribu::connectors::mastodon
