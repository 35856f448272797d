#include "connectors/bluesky/bluesky_source.h"

#include <nlohmann/json.hpp>

#include "connectors/json_fields.h"
#include "connectors/settings.h"
#include "connectors/url.h"
#include "tribu/core/ascii.h"
#include "tribu/core/utf8.h"

namespace tribu::connectors::bluesky {

namespace {

constexpr int kSearchPage = 100;
constexpr std::int64_t kResumeOverlapUs = 5'000'000;  // Jetstream: replay 5 s on reconnect

struct Config {
  std::string mode;
  std::string query;
  std::string service;
  std::string identifier;
  std::string jetstream;
  std::vector<std::string> keywords;  // lower-cased
  std::vector<std::string> dids;
  std::chrono::seconds interval{60};
  std::chrono::seconds timeout{30};
};

Result<Config> ParseConfig(std::string_view config_json) {
  auto s = Settings::Parse(config_json, "bluesky",
                           {"mode", "query", "service", "identifier", "jetstream", "keywords",
                            "dids", "interval_seconds", "timeout_seconds"});
  if (!s) return Fail(s.error());
  Config c;
  auto mode = s->Choice("mode", {"search", "jetstream"});
  if (!mode) return Fail(mode.error());
  c.mode = *mode;
  auto query = s->String("query", c.mode == "search", 512);
  if (!query) return Fail(query.error());
  c.query = *query;
  auto identifier = s->String("identifier", false, 256);
  if (!identifier) return Fail(identifier.error());
  c.identifier = *identifier;
  auto service = s->Url("service", false, "https://bsky.social");
  if (!service) return Fail(service.error());
  c.service = !service->empty()      ? *service
              : c.identifier.empty() ? "https://public.api.bsky.app"
                                     : "https://bsky.social";
  while (c.service.ends_with('/')) c.service.pop_back();
  auto jetstream = s->String("jetstream", false, 512);
  if (!jetstream) return Fail(jetstream.error());
  c.jetstream = jetstream->empty() ? "wss://jetstream2.us-east.bsky.network" : *jetstream;
  while (c.jetstream.ends_with('/')) c.jetstream.pop_back();
  if (!c.jetstream.starts_with("wss://") && !c.jetstream.starts_with("ws://")) {
    return Fail(ErrorCode::kInvalidArgument,
                "jetstream must be a wss:// address, e.g. wss://jetstream2.us-east.bsky.network");
  }
  auto keywords = s->StringList("keywords", 100);
  if (!keywords) return Fail(keywords.error());
  for (auto& k : *keywords) c.keywords.push_back(AsciiLower(k));
  auto dids = s->StringList("dids", 100);
  if (!dids) return Fail(dids.error());
  for (const auto& d : *dids) {
    if (!d.starts_with("did:") || d.find_first_of("&?# /") != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "dids must hold DIDs such as did:plc:abc123");
    }
  }
  c.dids = *dids;
  if (c.mode == "jetstream" && c.keywords.empty() && c.dids.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "a jetstream channel needs keywords (words to keep) or dids (accounts to follow): "
                "the firehose carries every post on Bluesky");
  }
  auto timing = s->PollTiming(std::chrono::seconds(60));
  if (!timing) return Fail(timing.error());
  c.interval = timing->interval;
  c.timeout = timing->timeout;
  return c;
}

// "at://did:plc:x/app.bsky.feed.post/3kabc" -> "3kabc".
std::string RecordKey(std::string_view uri) {
  auto slash = uri.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(uri.substr(slash + 1));
}

bool IsAtUri(std::string_view s) {
  return s.starts_with("at://") && s.size() < 512 &&
         s.find_first_of(" \t\r\n\"<>") == std::string_view::npos;
}

std::string FirstLang(json::Object record) {
  json::Array langs;
  if (record["langs"].get_array().get(langs) != simdjson::SUCCESS) return "und";
  for (json::Element e : langs) {
    std::string_view l;
    if (e.get_string().get(l) != simdjson::SUCCESS || l.size() < 2) continue;
    std::string out = AsciiLower(l.substr(0, 2));
    if ((l.size() == 2 || l[2] == '-') && out[0] >= 'a' && out[0] <= 'z' && out[1] >= 'a' &&
        out[1] <= 'z') {
      return out;
    }
  }
  return "und";
}

// The text, date, language and parent of an app.bsky.feed.post record.
Status ReadRecord(json::Object record, Post& p) {
  auto text = json::String(record, "text");
  if (!text) return Fail(text.error().WithContext("record"));
  p.text = RepairUtf8(TruncateUtf8(*text, kMaxPostTextBytes));
  if (p.text.empty()) p.text = "(no text)";  // images only
  auto created = json::String(record, "createdAt");
  if (!created) return Fail(created.error().WithContext("record"));
  auto when = ParseTimestamp(*created);
  if (!when) return Fail(when.error().WithContext("record.createdAt"));
  p.published_at = *when;
  p.lang = FirstLang(record);
  if (auto reply = json::OptionalObject(record, "reply")) {
    if (auto parent = json::OptionalObject(*reply, "parent")) {
      std::string uri = json::OptionalString(*parent, "uri").value_or("");
      if (IsAtUri(uri)) p.parent_external_id = uri;
    }
  }
  return {};
}

class SearchSource final : public Source {
 public:
  SearchSource(const Channel& channel, Config config, std::string password, SourceEnv env)
      : channel_(channel), config_(std::move(config)), password_(std::move(password)), env_(env) {}

  std::chrono::seconds interval() const override { return config_.interval; }

  FetchResult Fetch(std::string_view cursor) override {
    nlohmann::json state = nlohmann::json::parse(cursor.empty() ? "{}" : cursor, nullptr, false);
    auto field = [&](const char* k) {
      return state.is_object() && state.contains(k) && state[k].is_string()
                 ? state[k].get<std::string>()
                 : std::string();
    };
    const std::string since = field("since");
    const std::string page = field("page");
    std::string newest = field("newest");
    std::string path = "/xrpc/app.bsky.feed.searchPosts?q=" + UrlEscape(config_.query) +
                       "&sort=latest&limit=" + std::to_string(kSearchPage);
    if (!since.empty()) path += "&since=" + UrlEscape(since);
    if (!page.empty()) path += "&cursor=" + UrlEscape(page);
    auto resp = Get(path);
    if (!resp) return std::unexpected(resp.error());
    simdjson::dom::parser parser;
    auto doc = json::Parse(parser, resp->body, "the searchPosts answer");
    if (!doc) return std::unexpected(FetchFailure{doc.error(), std::nullopt});
    auto root = json::AsObject(*doc, "the searchPosts answer");
    if (!root) return std::unexpected(FetchFailure{root.error(), std::nullopt});
    auto posts = json::ArrayField(*root, "posts");
    if (!posts) return std::unexpected(FetchFailure{posts.error(), std::nullopt});
    Batch batch;
    std::size_t n = 0;
    for (json::Element e : *posts) {
      ++n;
      auto view = json::AsObject(e, "a post");
      if (!view) continue;
      std::string indexed = json::OptionalString(*view, "indexedAt").value_or("");
      if (ParseTimestamp(indexed) && indexed > newest) newest = indexed;
      auto post = ToPost(*view);
      if (!post) {
        batch.skipped.push_back({json::OptionalString(*view, "uri").value_or(""),
                                 "post " + std::to_string(n) + ": " + post.error().message});
        continue;
      }
      batch.posts.push_back(std::move(*post));
    }
    std::string next = json::OptionalString(*root, "cursor").value_or("");
    // The first poll takes the newest page only; later ones page back to `since`.
    batch.more = !since.empty() && !next.empty() && n >= static_cast<std::size_t>(kSearchPage);
    nlohmann::json out;
    if (batch.more) {
      out = {{"since", since}, {"page", next}, {"newest", newest}};
    } else if (!newest.empty()) {
      out = {{"since", newest}};
    } else if (!since.empty()) {
      out = {{"since", since}};
    } else {
      out = nlohmann::json::object();
    }
    batch.cursor = out.dump();
    return batch;
  }

 private:
  Result<Post> ToPost(json::Object view) const {
    Post p;
    p.workspace_id = channel_.workspace_id;
    p.channel_id = channel_.id;
    p.platform = channel_.platform;
    auto uri = json::String(view, "uri");
    if (!uri) return Fail(uri.error());
    if (!IsAtUri(*uri)) return Fail(ErrorCode::kInvalidArgument, "field 'uri' is not an at:// URI");
    p.external_id = *uri;
    auto author = json::ObjectField(view, "author");
    if (!author) return Fail(author.error());
    auto handle = json::String(*author, "handle");
    if (!handle) return Fail(handle.error().WithContext("author"));
    p.author.platform = p.platform;
    p.author.handle = "@" + *handle;
    p.author.display_name = json::OptionalString(*author, "displayName").value_or("");
    auto record = json::ObjectField(view, "record");
    if (!record) return Fail(record.error());
    TRIBU_RETURN_IF_ERROR(ReadRecord(*record, p));
    auto likes = json::Count(view, "likeCount");
    auto reposts = json::Count(view, "repostCount");
    auto quotes = json::Count(view, "quoteCount");
    auto replies = json::Count(view, "replyCount");
    if (!likes || !reposts || !quotes || !replies) {
      return Fail(ErrorCode::kInvalidArgument, "the counts must be whole numbers >= 0");
    }
    p.metrics = {*likes, *reposts + *quotes, *replies, 0};
    if (handle->find_first_of("/?# ") == std::string::npos) {
      p.url = "https://bsky.app/profile/" + *handle + "/post/" + RecordKey(*uri);
    }
    TRIBU_RETURN_IF_ERROR(ValidatePost(p));
    return p;
  }

  std::expected<HttpResponse, FetchFailure> Get(const std::string& path) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!config_.identifier.empty() && jwt_.empty()) {
        if (auto s = CreateSession(); !s) return std::unexpected(s.error());
      }
      HttpRequest req;
      req.url = config_.service + path;
      req.timeout = config_.timeout;
      req.headers = {{"Accept", "application/json"}};
      if (!jwt_.empty()) req.headers.emplace_back("Authorization", "Bearer " + jwt_);
      auto resp = env_.http.Send(req);
      if (!resp) return std::unexpected(FetchFailure{resp.error(), std::nullopt});
      // An expired session token: log in again, once.
      if ((resp->status == 400 || resp->status == 401) && !jwt_.empty() &&
          resp->body.find("ExpiredToken") != std::string::npos && attempt == 0) {
        jwt_.clear();
        continue;
      }
      if (resp->status != 200) {
        return std::unexpected(HttpFailure(*resp, "Bluesky", env_.clock.Now()));
      }
      return std::move(*resp);
    }
    return std::unexpected(
        FetchFailure{{ErrorCode::kUnauthenticated, "Bluesky keeps refusing the session"}, {}});
  }

  std::expected<void, FetchFailure> CreateSession() {
    if (password_.empty()) {
      return std::unexpected(FetchFailure{
          {ErrorCode::kUnauthenticated, "logging in as " + config_.identifier +
                                            " needs an app password: set the channel's secret"},
          std::nullopt});
    }
    HttpRequest req;
    req.method = "POST";
    req.url = config_.service + "/xrpc/com.atproto.server.createSession";
    req.timeout = config_.timeout;
    req.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    req.body = nlohmann::json{{"identifier", config_.identifier}, {"password", password_}}.dump();
    auto resp = env_.http.Send(req);
    if (!resp) return std::unexpected(FetchFailure{resp.error(), std::nullopt});
    if (resp->status != 200) {
      auto f = HttpFailure(*resp, "Bluesky's createSession", env_.clock.Now());
      if (resp->status == 400 || resp->status == 401) f.error.code = ErrorCode::kUnauthenticated;
      return std::unexpected(f);
    }
    nlohmann::json j = nlohmann::json::parse(resp->body, nullptr, false);
    if (!j.is_object() || !j.contains("accessJwt") || !j["accessJwt"].is_string()) {
      return std::unexpected(FetchFailure{
          {ErrorCode::kUnauthenticated, "Bluesky's createSession answered without accessJwt"},
          std::nullopt});
    }
    jwt_ = j["accessJwt"].get<std::string>();
    return {};
  }

  Channel channel_;
  Config config_;
  std::string password_;
  SourceEnv env_;
  std::string jwt_;
};

class JetstreamSource final : public Source {
 public:
  JetstreamSource(const Channel& channel, Config config, SourceEnv env)
      : channel_(channel), config_(std::move(config)), env_(env) {}

  // Streams: the next batch is read as soon as this one is handed over.
  std::chrono::seconds interval() const override { return std::chrono::seconds(1); }

  FetchResult Fetch(std::string_view cursor) override {
    std::int64_t time_us = 0;
    nlohmann::json state = nlohmann::json::parse(cursor.empty() ? "{}" : cursor, nullptr, false);
    if (state.is_object() && state.contains("time_us") && state["time_us"].is_number_integer()) {
      time_us = state["time_us"].get<std::int64_t>();
    }
    if (!socket_) {
      std::string url = config_.jetstream + "/subscribe?wantedCollections=app.bsky.feed.post";
      for (const auto& d : config_.dids) url += "&wantedDids=" + UrlEscape(d);
      if (time_us > kResumeOverlapUs)
        url += "&cursor=" + std::to_string(time_us - kResumeOverlapUs);
      auto ws = env_.websockets->Connect(url, config_.timeout);
      if (!ws) return std::unexpected(FetchFailure{ws.error(), std::nullopt});
      socket_ = std::move(*ws);
    }
    Batch batch;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    int events = 0;
    while (events < 2000 && std::chrono::steady_clock::now() < until) {
      auto m = socket_->Read(std::chrono::milliseconds(200));
      if (!m) {
        socket_.reset();
        if (events == 0) return std::unexpected(FetchFailure{m.error(), std::nullopt});
        batch.warnings.push_back(m.error().message + "; reconnecting from the cursor");
        break;
      }
      if (!*m) continue;
      ++events;
      Handle(**m, time_us, batch);
    }
    batch.more = socket_ != nullptr;
    batch.cursor = time_us > 0 ? nlohmann::json{{"time_us", time_us}}.dump() : std::string(cursor);
    return batch;
  }

 private:
  void Handle(std::string_view message, std::int64_t& time_us, Batch& batch) {
    auto doc = json::Parse(parser_, message, "a Jetstream event");
    if (!doc) {
      batch.skipped.push_back({"", doc.error().message});
      return;
    }
    auto event = json::AsObject(*doc, "a Jetstream event");
    if (!event) return;
    std::int64_t t = 0;
    if ((*event)["time_us"].get_int64().get(t) == simdjson::SUCCESS && t > time_us) time_us = t;
    if (json::OptionalString(*event, "kind").value_or("") != "commit") return;
    auto commit = json::OptionalObject(*event, "commit");
    if (!commit || json::OptionalString(*commit, "operation").value_or("") != "create" ||
        json::OptionalString(*commit, "collection").value_or("") != "app.bsky.feed.post") {
      return;
    }
    auto record = json::OptionalObject(*commit, "record");
    if (!record) return;
    std::string text = json::OptionalString(*record, "text").value_or("");
    if (!config_.keywords.empty()) {
      const std::string lower = AsciiLower(text);
      bool hit = false;
      for (const auto& k : config_.keywords) hit = hit || lower.find(k) != std::string::npos;
      if (!hit) return;
    }
    Post p;
    p.workspace_id = channel_.workspace_id;
    p.channel_id = channel_.id;
    p.platform = channel_.platform;
    auto did = json::String(*event, "did");
    auto rkey = json::String(*commit, "rkey");
    if (!did || !rkey || !did->starts_with("did:") ||
        rkey->find_first_of("/?# ") != std::string::npos) {
      batch.skipped.push_back({"", "an event without a valid did or rkey"});
      return;
    }
    p.external_id = "at://" + *did + "/app.bsky.feed.post/" + *rkey;
    // Jetstream names authors by DID only.
    p.author.platform = p.platform;
    p.author.handle = *did;
    if (auto s = ReadRecord(*record, p); !s) {
      batch.skipped.push_back({p.external_id, s.error().message});
      return;
    }
    p.url = "https://bsky.app/profile/" + *did + "/post/" + *rkey;
    if (auto s = ValidatePost(p); !s) {
      batch.skipped.push_back({p.external_id, s.error().message});
      return;
    }
    batch.posts.push_back(std::move(p));
  }

  Channel channel_;
  Config config_;
  SourceEnv env_;
  std::unique_ptr<WebSocket> socket_;
  simdjson::dom::parser parser_;
};

}  // namespace

Status ValidateConfig(std::string_view config_json) {
  auto c = ParseConfig(config_json);
  if (!c) return Fail(c.error());
  return {};
}

Result<std::unique_ptr<Source>> MakeSource(const Channel& channel, std::string app_password,
                                           SourceEnv env) {
  auto c = ParseConfig(channel.config_json);
  if (!c) return Fail(c.error());
  if (c->mode == "jetstream") {
    if (env.websockets == nullptr) {
      return Fail(ErrorCode::kFailedPrecondition, "no WebSocket client to reach Jetstream");
    }
    return std::unique_ptr<Source>(std::make_unique<JetstreamSource>(channel, std::move(*c), env));
  }
  return std::unique_ptr<Source>(
      std::make_unique<SearchSource>(channel, std::move(*c), std::move(app_password), env));
}

}  // namespace tribu::connectors::bluesky
