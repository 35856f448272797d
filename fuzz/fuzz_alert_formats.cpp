// Alert messages carry strangers' posts into Slack, Mattermost, Discord,
// Teams, JSON webhooks and e-mail: whatever the post, each body must be valid
// JSON, Slack must not be able to ping (<!channel>), and no byte of a post or
// an author may start a header of its own in the mail.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "tribu/alerts/formats.h"
#include "tribu/core/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tribu;
  const std::string input(reinterpret_cast<const char*>(data), size);
  // Split: author handle | display name | text | alert title.
  std::string parts[4];
  std::size_t k = 0;
  for (char c : input) {
    if (c == '\x1f' && k < 3) {
      ++k;
      continue;
    }
    parts[k] += c;
  }
  alerts::AlertMessage m;
  m.event = "opened";
  m.workspace_name = RepairUtf8(parts[1]);
  m.topics = {RepairUtf8(parts[0])};
  m.alert.title = RepairUtf8(parts[3]);
  m.alert.summary = RepairUtf8(parts[2]);
  m.alert.unit = "posts/h";
  Post p;
  p.platform = "x";
  p.author.handle = RepairUtf8(parts[0]);
  p.author.display_name = RepairUtf8(parts[1]);
  p.text = RepairUtf8(parts[2]);
  p.url = RepairUtf8(parts[3]);
  m.evidence = {p};
  m.link = "https://tribu.example.org/#/w/x/alerts/1";
  for (DestinationKind kind :
       {DestinationKind::kSlack, DestinationKind::kMattermost, DestinationKind::kDiscord,
        DestinationKind::kTeams, DestinationKind::kWebhook}) {
    const auto r = alerts::RenderWebhook(kind, m);
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded()) std::abort();
    if (kind == DestinationKind::kSlack && r.body.find("<!") != std::string::npos) std::abort();
  }
  const auto mail = alerts::RenderMail(m, "tribu <a@b.example>", {"c@d.example"});
  auto text = connectors::ComposeMail(mail, Timestamp{}, "id@b.example");
  if (!text) return 0;
  const std::string headers = text->substr(0, text->find("\r\n\r\n"));
  for (std::size_t at = 0; at < headers.size();) {
    const std::size_t end = std::min(headers.find("\r\n", at), headers.size());
    const std::string line = headers.substr(at, end - at);
    const bool known = line.starts_with("From: ") || line.starts_with("To: ") ||
                       line.starts_with("Subject: ") || line.starts_with("Date: ") ||
                       line.starts_with("Message-ID: ") || line.starts_with("MIME-Version: ") ||
                       line.starts_with("Auto-Submitted: ") || line.starts_with("Content-Type: ") ||
                       line.starts_with(" ");
    if (!known) std::abort();
    if (line.find('\n') != std::string::npos || line.find('\r') != std::string::npos) std::abort();
    at = end + 2;
  }
  return 0;
}
