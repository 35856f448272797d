// What an alert looks like where it is sent: Slack (incoming webhook, Block
// Kit), Mattermost (incoming webhook, attachments), Discord (webhook, embeds;
// mentions disabled), Microsoft Teams (Workflows webhook, Adaptive Card), a
// generic JSON webhook (signed by the dispatcher) and e-mail. Post texts are
// strangers' words: escaped for each format's markup, cut to 280 characters,
// and never able to ping a channel (@here, @everyone).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tribu/connectors/mailer.h"
#include "tribu/core/alert.h"
#include "tribu/core/post.h"

namespace tribu::alerts {

struct AlertMessage {
  Alert alert;
  std::string event;  // "opened", "escalated", "resolved", "test"
  std::string workspace_name;
  std::vector<std::string> topics;  // names of the alert's topics
  std::vector<Post> evidence;       // the first posts of its evidence
  std::string link;                 // the alert in the web UI; empty when unknown
};

struct RenderedRequest {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type included
};

// For the webhook kinds (not e-mail).
RenderedRequest RenderWebhook(DestinationKind kind, const AlertMessage& message);

// The e-mail: subject, plain text and HTML (escaped).
connectors::MailMessage RenderMail(const AlertMessage& message, std::string from,
                                   std::vector<std::string> to);

// "Critical · Volume spike and sentiment shift on Velora"
std::string Headline(const AlertMessage& message);

}  // namespace tribu::alerts
