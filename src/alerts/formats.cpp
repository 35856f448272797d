#include "tribu/alerts/formats.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "tribu/core/utf8.h"

namespace tribu::alerts {

namespace {

using nlohmann::json;

constexpr std::size_t kExcerptBytes = 280;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string Excerpt(std::string_view text) {
  std::string one_line;
  for (char c : text) one_line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  std::string_view cut = TruncateUtf8(one_line, kExcerptBytes);
  return std::string(cut) + (cut.size() < one_line.size() ? "…" : "");
}

// Slack mrkdwn: only &, < and > are special (and <!here> needs them).
std::string SlackEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// Markdown (Mattermost, Discord, Teams): markup characters escaped, and @ kept
// from pinging (a zero-width space after it).
std::string MarkdownEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\*_~`|>#[]()<").find(c) != std::string_view::npos) out += '\\';
    out += c;
    if (c == '@') out += "\u200b";
  }
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Number(double v) {
  char buf[32];
  if (std::abs(v) >= 100 || v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

std::string Capital(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

std::string EventWords(std::string_view event) {
  if (event == "opened") return "New alert";
  if (event == "escalated") return "Alert escalated";
  if (event == "resolved") return "Alert resolved";
  if (event == "test") return "Test message";
  return Capital(event);
}

// Colours by severity: info blue, warning amber, critical red.
int Colour(AlertSeverity s) {
  return s == AlertSeverity::kCritical  ? 0xDC2626
         : s == AlertSeverity::kWarning ? 0xD97706
                                        : 0x2563EB;
}
std::string HexColour(AlertSeverity s) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06X", Colour(s));
  return buf;
}

std::string Figures(const Alert& a) {
  if (a.unit.empty()) return "";
  return Number(a.figure) + " " + a.unit + " (usual: " + Number(a.baseline) + ")";
}

std::string Topics(const AlertMessage& m) {
  std::string out;
  for (const std::string& t : m.topics) out += (out.empty() ? "" : ", ") + t;
  return out.empty() ? "the whole workspace" : out;
}

std::string Author(const Post& p) {
  std::string who = p.author.display_name.empty()
                        ? p.author.handle
                        : p.author.display_name + " (" + p.author.handle + ")";
  return who + " · " + p.platform;
}

json GenericAlert(const AlertMessage& m) {
  const Alert& a = m.alert;
  json evidence = json::array();
  for (const Post& p : m.evidence) {
    evidence.push_back({{"id", p.id.value},
                        {"platform", p.platform},
                        {"author", p.author.handle},
                        {"followers", p.author.followers},
                        {"text", p.text},
                        {"url", p.url},
                        {"published_at", FormatIso8601(p.published_at)},
                        {"sentiment", p.sentiment ? json(*p.sentiment) : json(nullptr)},
                        {"risk", p.risk ? json(*p.risk) : json(nullptr)}});
  }
  return {{"id", a.id.value},
          {"workspace", m.workspace_name},
          {"title", a.title},
          {"summary", a.summary},
          {"severity", AlertSeverityName(a.severity)},
          {"state", AlertStateName(a.state)},
          {"detectors", a.detectors},
          {"topics", m.topics},
          {"figure", a.figure},
          {"baseline", a.baseline},
          {"unit", a.unit},
          {"terms", a.terms},
          {"triggers", a.triggers},
          {"opened_at", FormatIso8601(a.opened_at)},
          {"updated_at", FormatIso8601(a.updated_at)},
          {"url", m.link},
          {"evidence", evidence}};
}

}  // namespace

std::string Headline(const AlertMessage& m) {
  return Capital(AlertSeverityName(m.alert.severity)) + " · " + m.alert.title;
}

RenderedRequest RenderWebhook(DestinationKind kind, const AlertMessage& m) {
  const Alert& a = m.alert;
  RenderedRequest r;
  r.headers.emplace_back("Content-Type", "application/json");
  const std::string head = EventWords(m.event) + ": " + Headline(m);
  switch (kind) {
    case DestinationKind::kSlack: {
      json blocks = json::array();
      blocks.push_back(
          {{"type", "header"},
           {"text", {{"type", "plain_text"}, {"text", SlackEscape(TruncateUtf8(head, 150))}}}});
      std::string facts = "*" + SlackEscape(a.summary) + "*\n" + SlackEscape(Figures(a)) +
                          "\nTopics: " + SlackEscape(Topics(m)) + " · workspace " +
                          SlackEscape(m.workspace_name);
      blocks.push_back({{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", facts}}}});
      for (const Post& p : m.evidence) {
        blocks.push_back(
            {{"type", "context"},
             {"elements", json::array({{{"type", "mrkdwn"},
                                        {"text", SlackEscape(Author(p)) + ": " +
                                                     SlackEscape(Excerpt(p.text))}}})}});
      }
      if (!m.link.empty()) {
        blocks.push_back(
            {{"type", "actions"},
             {"elements",
              json::array({{{"type", "button"},
                            {"text", {{"type", "plain_text"}, {"text", "Open in tribu"}}},
                            {"url", m.link}}})}});
      }
      r.body = Dump({{"text", SlackEscape(head)}, {"blocks", blocks}});
      break;
    }
    case DestinationKind::kMattermost: {
      json fields = json::array();
      fields.push_back(
          {{"short", true}, {"title", "Figure"}, {"value", MarkdownEscape(Figures(a))}});
      fields.push_back(
          {{"short", true}, {"title", "Topics"}, {"value", MarkdownEscape(Topics(m))}});
      std::string posts;
      for (const Post& p : m.evidence) {
        posts += "> " + MarkdownEscape(Author(p)) + ": " + MarkdownEscape(Excerpt(p.text)) + "\n";
      }
      json attachment = {{"fallback", head},
                         {"color", HexColour(a.severity)},
                         {"title", Headline(m)},
                         {"text", MarkdownEscape(a.summary) + (posts.empty() ? "" : "\n" + posts)},
                         {"fields", fields}};
      if (!m.link.empty()) attachment["title_link"] = m.link;
      r.body = Dump({{"username", "tribu"},
                     {"text", MarkdownEscape(EventWords(m.event)) + " in " +
                                  MarkdownEscape(m.workspace_name)},
                     {"attachments", json::array({attachment})}});
      break;
    }
    case DestinationKind::kDiscord: {
      json fields = json::array();
      fields.push_back(
          {{"name", "Figure"}, {"value", MarkdownEscape(Figures(a)) + " "}, {"inline", true}});
      fields.push_back(
          {{"name", "Topics"}, {"value", MarkdownEscape(Topics(m))}, {"inline", true}});
      for (const Post& p : m.evidence) {
        fields.push_back({{"name", std::string(TruncateUtf8(Author(p), 250))},
                          {"value", MarkdownEscape(Excerpt(p.text)) + " "},
                          {"inline", false}});
      }
      json embed = {{"title", std::string(TruncateUtf8(Headline(m), 250))},
                    {"description", MarkdownEscape(a.summary)},
                    {"color", Colour(a.severity)},
                    {"fields", fields},
                    {"timestamp", FormatIso8601(a.updated_at)}};
      if (!m.link.empty()) embed["url"] = m.link;
      r.body = Dump({{"username", "tribu"},
                     {"content", MarkdownEscape(EventWords(m.event)) + " in " +
                                     MarkdownEscape(m.workspace_name)},
                     {"embeds", json::array({embed})},
                     {"allowed_mentions", {{"parse", json::array()}}}});
      break;
    }
    case DestinationKind::kTeams: {
      json body = json::array();
      body.push_back({{"type", "TextBlock"},
                      {"size", "Large"},
                      {"weight", "Bolder"},
                      {"wrap", true},
                      {"color", a.severity == AlertSeverity::kCritical ? "Attention" : "Warning"},
                      {"text", MarkdownEscape(head)}});
      body.push_back({{"type", "TextBlock"}, {"wrap", true}, {"text", MarkdownEscape(a.summary)}});
      body.push_back(
          {{"type", "FactSet"},
           {"facts",
            json::array({{{"title", "Figure"}, {"value", MarkdownEscape(Figures(a))}},
                         {{"title", "Topics"}, {"value", MarkdownEscape(Topics(m))}},
                         {{"title", "Workspace"}, {"value", MarkdownEscape(m.workspace_name)}}})}});
      for (const Post& p : m.evidence) {
        body.push_back(
            {{"type", "TextBlock"},
             {"wrap", true},
             {"isSubtle", true},
             {"text", MarkdownEscape(Author(p)) + ": " + MarkdownEscape(Excerpt(p.text))}});
      }
      json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                   {"type", "AdaptiveCard"},
                   {"version", "1.4"},
                   {"body", body}};
      if (!m.link.empty()) {
        card["actions"] = json::array(
            {{{"type", "Action.OpenUrl"}, {"title", "Open in tribu"}, {"url", m.link}}});
      }
      r.body = Dump(
          {{"type", "message"},
           {"attachments", json::array({{{"contentType", "application/vnd.microsoft.card.adaptive"},
                                         {"contentUrl", nullptr},
                                         {"content", card}}})}});
      break;
    }
    case DestinationKind::kWebhook:
    case DestinationKind::kEmail:
      r.body = Dump({{"event", m.event}, {"alert", GenericAlert(m)}});
      r.headers.emplace_back("X-Tribu-Event", "alert." + m.event);
      break;
  }
  return r;
}

connectors::MailMessage RenderMail(const AlertMessage& m, std::string from,
                                   std::vector<std::string> to) {
  const Alert& a = m.alert;
  connectors::MailMessage mail;
  mail.from = std::move(from);
  mail.to = std::move(to);
  mail.subject = "[tribu] " + EventWords(m.event) + ": " + Headline(m);
  std::string text = EventWords(m.event) + " in " + m.workspace_name + "\n\n" + Headline(m) + "\n" +
                     a.summary + "\n" + Figures(a) + "\nTopics: " + Topics(m) + "\n";
  std::string html =
      "<!doctype html><html><body style=\"font-family:sans-serif\">"
      "<p style=\"color:" +
      HexColour(a.severity) + ";font-weight:bold\">" + HtmlEscape(EventWords(m.event)) + " in " +
      HtmlEscape(m.workspace_name) + "</p><h2>" + HtmlEscape(Headline(m)) + "</h2><p>" +
      HtmlEscape(a.summary) + "<br>" + HtmlEscape(Figures(a)) +
      "<br>Topics: " + HtmlEscape(Topics(m)) + "</p>";
  if (!m.evidence.empty()) {
    text += "\nWhat was said:\n";
    html += "<h3>What was said</h3><ul>";
    for (const Post& p : m.evidence) {
      text +=
          "- " + Author(p) + ": " + Excerpt(p.text) + (p.url.empty() ? "" : "\n  " + p.url) + "\n";
      html += "<li><b>" + HtmlEscape(Author(p)) + "</b>: " + HtmlEscape(Excerpt(p.text));
      if (p.url.starts_with("https://") || p.url.starts_with("http://")) {
        html += " <a href=\"" + HtmlEscape(p.url) + "\">link</a>";
      }
      html += "</li>";
    }
    html += "</ul>";
  }
  if (!m.link.empty()) {
    text += "\nOpen it in tribu: " + m.link + "\n";
    html += "<p><a href=\"" + HtmlEscape(m.link) + "\">Open it in tribu</a></p>";
  }
  html += "</body></html>";
  mail.text = std::move(text);
  mail.html = std::move(html);
  return mail;
}

}  // namespace tribu::alerts
