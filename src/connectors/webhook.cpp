#include "tribu/connectors/webhook.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tribu/connectors/post_file.h"

namespace tribu::connectors {

namespace {

using nlohmann::json;

std::string HexHmac(std::string_view secret, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kDigits[mac[i] >> 4];
    out += kDigits[mac[i] & 15];
  }
  return out;
}

Status Unauthenticated(const std::string& why) {
  return Fail(ErrorCode::kUnauthenticated,
              "webhook signature: " + why +
                  " (send X-Tribu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "
                  "\"<t>.<body>\" with the channel's secret>)");
}

}  // namespace

std::string SignWebhook(std::string_view secret, std::string_view body, Timestamp at) {
  const std::string t = std::to_string(ToUnixMillis(at) / 1000);
  return "t=" + t + ",v1=" + HexHmac(secret, t + "." + std::string(body));
}

Status VerifyWebhookSignature(std::string_view secret, std::string_view header,
                              std::string_view body, Timestamp now,
                              std::chrono::seconds tolerance) {
  if (secret.empty()) return Unauthenticated("the channel has no secret set");
  if (header.empty()) return Unauthenticated("the X-Tribu-Signature header is missing");
  std::string_view t;
  std::vector<std::string_view> macs;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view part = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with("t=")) t = part.substr(2);
    if (part.starts_with("v1=") && macs.size() < 8) macs.push_back(part.substr(3));
  }
  std::int64_t seconds = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), seconds);
  if (t.empty() || ec != std::errc() || ptr != t.data() + t.size() || macs.empty()) {
    return Unauthenticated("the header is malformed");
  }
  const auto age = std::chrono::abs(now - FromUnixMillis(seconds * 1000));
  if (age > tolerance) {
    return Unauthenticated(
        "the timestamp is " +
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(age).count()) +
        "s away from now (more than " + std::to_string(tolerance.count()) +
        "s: a replay, or a clock to set right)");
  }
  const std::string expected = HexHmac(secret, std::string(t) + "." + std::string(body));
  for (std::string_view mac : macs) {
    if (mac.size() == expected.size() &&
        CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) == 0) {
      return {};
    }
  }
  return Unauthenticated("no signature matches the body");
}

Result<WebhookPosts> ParseWebhookPosts(const Channel& channel, std::string_view body, Timestamp now,
                                       std::size_t max_posts) {
  // One post a line, whatever shape the body has.
  std::string lines;
  std::size_t count = 0;
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  auto add = [&](const json& post) {
    ++count;
    lines += post.dump(-1, ' ', false, json::error_handler_t::replace);
    lines += '\n';
  };
  if (!doc.is_discarded()) {
    const json* list = nullptr;
    if (doc.is_array()) list = &doc;
    if (doc.is_object() && doc.contains("posts") && doc["posts"].is_array()) list = &doc["posts"];
    if (list != nullptr) {
      if (list->size() > max_posts) {
        return Fail(ErrorCode::kInvalidArgument,
                    "at most " + std::to_string(max_posts) + " posts per request; split the batch");
      }
      for (const json& p : *list) add(p);
    } else if (doc.is_object()) {
      add(doc);
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  "the body must be a post object, a list of posts, {\"posts\": [...]} or JSON "
                  "Lines");
    }
  } else {
    lines.assign(body);  // JSON Lines, checked line by line below
    count = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) + 1;
    if (count > max_posts + 1) {
      return Fail(ErrorCode::kInvalidArgument,
                  "at most " + std::to_string(max_posts) + " posts per request; split the batch");
    }
  }
  std::string platform = "webhook";
  json config = json::parse(channel.config_json, nullptr, false);
  if (config.is_object() && config.contains("platform") && config["platform"].is_string()) {
    platform = config["platform"].get<std::string>();
  }
  std::istringstream in(lines);
  auto reader = OpenPostFileReader(in, PostFileFormat::kJsonLines,
                                   {.workspace_id = channel.workspace_id,
                                    .default_platform = platform,
                                    .default_published_at = now});
  if (!reader) return Fail(reader.error());
  WebhookPosts out;
  int index = 0;
  while (true) {
    auto row = (*reader)->Next();
    if (!row) return Fail(row.error());
    if (!*row) break;
    if (!(*row)->post) {
      out.rejected.push_back("post " + std::to_string(index) + ": " + (*row)->post.error().message);
    } else {
      Post p = std::move(*(*row)->post);
      p.channel_id = channel.id;
      out.posts.push_back(std::move(p));
    }
    ++index;
  }
  if (out.posts.empty() && out.rejected.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the body holds no post");
  }
  return out;
}

}  // namespace tribu::connectors
