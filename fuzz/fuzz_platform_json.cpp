// Feeds arbitrary bytes to what reads platform answers and bus messages: the
// Mastodon, Reddit and Bluesky sources (as the body of a 200 answer), the
// webhook's body reader, and the pipeline's message decoder. The first byte
// picks which. Properties: nothing crashes; every post a source or the
// webhook returns passes ValidatePost; a decoded message encodes and decodes
// to the same posts.
#include <cstdlib>
#include <string>

#include "support/scripted_http_client.h"
#include "tribu/connectors/source.h"
#include "tribu/connectors/webhook.h"
#include "tribu/core/utf8.h"
#include "tribu/pipeline/messages.h"

namespace {

void CheckPosts(const std::vector<tribu::Post>& posts) {
  for (const auto& p : posts) {
    if (!tribu::ValidatePost(p)) std::abort();
  }
}

void FuzzSource(const char* platform, const char* config, std::string body) {
  tribu::testing::ScriptedHttpClient http;
  if (std::string_view(platform) == "reddit") {
    http.Answer(200, R"({"access_token":"t","expires_in":3600})");  // the app's token first
  }
  http.Answer(200, std::move(body));
  tribu::ManualClock clock(tribu::FromUnixMillis(1'795'000'000'000));
  tribu::Channel c;
  c.id = tribu::ChannelId{1};
  c.workspace_id = tribu::WorkspaceId{1};
  c.platform = platform;
  c.name = "fuzz";
  c.config_json = config;
  auto source = tribu::connectors::MakeSource(c, "secret", {http, clock});
  if (!source) std::abort();
  auto batch = (*source)->Fetch("");
  if (batch) CheckPosts(batch->posts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size == 0) return 0;
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0:
      FuzzSource("mastodon", R"({"server":"https://m.example","tag":"velora"})", body);
      break;
    case 1:
      FuzzSource("mastodon",
                 R"({"server":"https://m.example","timeline":"mentions","context":false})", body);
      break;
    case 2:
      FuzzSource("reddit", R"({"subreddit":"velo","client_id":"x"})", body);
      break;
    case 3:
      FuzzSource("bluesky", R"({"query":"velora"})", body);
      break;
    case 4: {
      tribu::Channel c;
      c.id = tribu::ChannelId{1};
      c.workspace_id = tribu::WorkspaceId{1};
      c.config_json = R"({"platform":"forum"})";
      auto posts = tribu::connectors::ParseWebhookPosts(c, body, tribu::FromUnixMillis(0), 50);
      if (posts) CheckPosts(posts->posts);
      break;
    }
    default: {
      auto batch = tribu::pipeline::DecodePostBatch(body);
      if (!batch) break;
      auto again = tribu::pipeline::DecodePostBatch(tribu::pipeline::EncodePostBatch(*batch));
      if (!again || again->posts.size() != batch->posts.size()) std::abort();
      for (std::size_t i = 0; i < batch->posts.size(); ++i) {
        if (tribu::IsValidUtf8(batch->posts[i].text) &&
            again->posts[i].text != batch->posts[i].text) {
          std::abort();
        }
      }
    }
  }
  return 0;
}
