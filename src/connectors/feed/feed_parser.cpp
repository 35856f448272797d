// RSS, RDF and Atom through libxml2's streaming reader (so that the items
// read before a break in the document are kept), JSON Feed through simdjson.
#include "connectors/feed/feed_parser.h"

#include <libxml/uri.h>
#include <libxml/xmlreader.h>
#include <simdjson.h>

#include <memory>

#include "connectors/feed/xml_text.h"
#include "connectors/import/transcode.h"
#include "tribu/core/ascii.h"
#include "tribu/core/utf8.h"

namespace tribu::connectors::feed {

namespace {

constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCoreNs = "http://purl.org/dc/elements/1.1/";

// Elements of the feed formats themselves, as opposed to extensions
// (media:content, itunes:summary) that reuse their names.
bool IsCoreNs(std::string_view ns) {
  return ns.empty() || ns == "http://www.w3.org/2005/Atom" || ns == "http://purl.org/rss/1.0/" ||
         ns == "http://backend.userland.com/rss2";
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// The value of `key=` in a header parameter list or an XML declaration.
std::string ParamValue(std::string_view text, std::string_view key) {
  std::string lower = AsciiLower(text);
  auto at = lower.find(key);
  if (at == std::string::npos) return {};
  std::string_view rest = text.substr(at + key.size());
  rest = Trim(rest);
  if (rest.empty() || rest.front() != '=') return {};
  rest = Trim(rest.substr(1));
  if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
    char q = rest.front();
    rest.remove_prefix(1);
    auto end = rest.find(q);
    return std::string(rest.substr(0, end));
  }
  auto end = rest.find_first_of("; \t?>");
  return std::string(rest.substr(0, end));
}

std::string NormalizeEncoding(std::string name) {
  name = AsciiLower(Trim(name));
  // As browsers do (WHATWG Encoding): Latin-1 and ASCII labels mean Windows-1252.
  if (name == "iso-8859-1" || name == "latin1" || name == "iso8859-1" || name == "us-ascii" ||
      name == "ascii" || name == "l1" || name == "cp1252") {
    return "windows-1252";
  }
  if (name == "utf8") return "utf-8";
  return name;
}

bool HasMultibyteUtf8(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    auto n = static_cast<unsigned char>(s[i + 1]);
    if (c >= 0xC2 && c <= 0xF4 && (n & 0xC0) == 0x80) return true;
  }
  return false;
}

Result<std::string> Transcode(std::string_view body, const std::string& from) {
  auto tc = import::Transcoder::Open(from);
  if (!tc) return Fail(tc.error());
  std::string text(body);
  if (auto s = (*tc)->ToUtf8(text); !s) return Fail(s.error());
  return text;
}

// The document as UTF-8, whatever it was served as.
Result<std::string> DecodeToUtf8(std::string_view body, std::string_view content_type,
                                 std::vector<std::string>& warnings) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  std::string declared;
  if (body.starts_with("<?xml")) {
    auto end = body.find("?>");
    if (end != std::string_view::npos && end < 512) {
      declared = ParamValue(body.substr(0, end), "encoding");
    }
  }
  if (body.starts_with("\xFF\xFE") || body.starts_with("\xFE\xFF")) {
    declared = body.starts_with("\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
    body.remove_prefix(2);
  }
  std::string http = ParamValue(content_type, "charset");
  std::string enc = NormalizeEncoding(!http.empty() ? http : declared);
  if (enc.empty() || import::IsUtf8Name(enc)) {
    if (IsValidUtf8(body)) return std::string(body);
    if (HasMultibyteUtf8(body)) {
      warnings.push_back("the feed is not valid UTF-8: invalid bytes were replaced");
      return RepairUtf8(body);
    }
    warnings.push_back(std::string("the feed ") +
                       (enc.empty() ? "declares no encoding" : "claims UTF-8") +
                       " but is not UTF-8: read as Windows-1252");
    enc = "windows-1252";
  }
  auto text = Transcode(body, enc);
  if (!text && enc == "windows-1252") {
    text = Transcode(body, "iso-8859-1");  // the five bytes Windows-1252 leaves undefined
  }
  if (!text) {
    return Fail(ErrorCode::kInvalidArgument,
                "cannot read the feed as " + enc + ": " + text.error().message);
  }
  return text;
}

std::string_view Name(const xmlNode* n) {
  return n->name != nullptr ? reinterpret_cast<const char*>(n->name) : std::string_view{};
}

std::string_view NsHref(const xmlNode* n) {
  return n->ns != nullptr && n->ns->href != nullptr ? reinterpret_cast<const char*>(n->ns->href)
                                                    : std::string_view{};
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// Raw text content (entities decoded, markup kept out).
std::string Content(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  if (v == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

std::string ResolveUrl(const xmlNode* n, std::string_view link, std::string_view feed_url) {
  link = Trim(link);
  if (link.empty()) return {};
  std::string base;
  if (n != nullptr && n->doc != nullptr) {
    xmlChar* b = xmlNodeGetBase(n->doc, n);
    if (b != nullptr) {
      base = reinterpret_cast<const char*>(b);
      xmlFree(b);
    }
  }
  if (base.empty()) base = std::string(feed_url);
  std::string l(link);
  xmlChar* abs = xmlBuildURI(reinterpret_cast<const xmlChar*>(l.c_str()),
                             reinterpret_cast<const xmlChar*>(base.c_str()));
  std::string out = abs != nullptr ? reinterpret_cast<const char*>(abs) : l;
  if (abs != nullptr) xmlFree(abs);
  // Only web addresses, and nothing that could break out of an attribute.
  if ((!out.starts_with("http://") && !out.starts_with("https://")) ||
      out.find_first_of(" \t\r\n<>\"'`\\") != std::string::npos) {
    return {};
  }
  return out;
}

// Text of an Atom text construct (type text, html or xhtml) or of an RSS
// element holding escaped HTML.
std::string TextOf(const xmlNode* n, bool html_by_default) {
  std::string type = AsciiLower(Attr(n, "type"));
  if (type == "xhtml") {
    TextBuilder b;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) AppendNodeText(c, b);
    return b.Take();
  }
  std::string raw = Content(n);
  if (type == "html" || type == "text/html" || (type.empty() && html_by_default)) {
    return HtmlToText(raw);
  }
  TextBuilder b;
  b.AppendPlainText(raw);
  return b.Take();
}

void SetDate(FeedItem& item, std::string_view raw, bool overwrite) {
  if (item.published && !overwrite) return;
  std::string_view v = Trim(raw);
  auto t = ParseRfc822Date(v);
  if (!t) t = ParseTimestamp(v);
  if (t) {
    item.published = *t;
    item.date_problem.clear();
  } else if (!item.published) {
    item.date_problem = "unreadable date \"" + std::string(TruncateUtf8(v, 64)) + "\"";
  }
}

FeedItem ReadXmlItem(const xmlNode* item, std::string_view feed_url) {
  FeedItem out;
  out.id = Trim(Attr(item, "about"));  // RDF items
  std::string summary;
  std::string content;
  bool has_published = false;
  for (const xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view name = Name(c);
    const std::string_view ns = NsHref(c);
    if (ns == kContentNs) {
      if (name == "encoded") content = TextOf(c, true);
      continue;
    }
    if (ns == kDublinCoreNs) {
      if (name == "date" && !has_published) SetDate(out, Content(c), false);
      if (name == "creator" && out.author.empty()) {
        TextBuilder b;
        b.AppendText(Content(c));
        out.author = b.Take();
      }
      continue;
    }
    if (!IsCoreNs(ns)) continue;
    if (name == "title") {
      out.title = TextOf(c, /*html_by_default=*/ns.empty());
    } else if (name == "link") {
      std::string href = Attr(c, "href");
      if (!href.empty()) {
        std::string rel = Attr(c, "rel");
        if ((rel.empty() || rel == "alternate") && out.link.empty()) {
          out.link = ResolveUrl(c, href, feed_url);
        }
      } else if (out.link.empty()) {
        out.link = ResolveUrl(c, Content(c), feed_url);
      }
    } else if (name == "guid" || name == "id") {
      out.id = Trim(Content(c));
    } else if (name == "description" || name == "summary") {
      summary = TextOf(c, true);
    } else if (name == "content") {
      content = TextOf(c, false);
    } else if (name == "pubDate" || name == "published" || name == "issued") {
      SetDate(out, Content(c), true);
      has_published = out.published.has_value();
    } else if (name == "updated" || name == "modified") {
      if (!has_published) SetDate(out, Content(c), false);
    } else if (name == "author") {
      if (!out.author.empty()) continue;
      const xmlNode* who = c;
      for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
        if (a->type == XML_ELEMENT_NODE && Name(a) == "name") who = a;
      }
      TextBuilder b;
      b.AppendText(Content(who));
      out.author = b.Take();
    }
  }
  out.text = !content.empty() ? std::move(content) : std::move(summary);
  return out;
}

struct ReaderDeleter {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

struct ParseErrors {
  std::string first;
  static void Record(void* ctx, xmlErrorPtr error) {
    auto* self = static_cast<ParseErrors*>(ctx);
    if (!self->first.empty() || error == nullptr || error->level < XML_ERR_ERROR) return;
    std::string msg = error->message != nullptr ? error->message : "malformed XML";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    self->first = "line " + std::to_string(error->line) + ": " + msg;
  }
};

Result<ParsedFeed> ParseXmlFeed(std::string_view body, std::string_view content_type,
                                std::string_view base_url, const FeedLimits& limits) {
  ParsedFeed feed;
  auto text = DecodeToUtf8(body, content_type, feed.warnings);
  if (!text) return Fail(text.error());
  if (text->size() > static_cast<std::size_t>(INT32_MAX)) {
    return Fail(ErrorCode::kPayloadTooLarge, "feed too large");
  }
  std::string url(base_url);
  std::unique_ptr<xmlTextReader, ReaderDeleter> reader(
      xmlReaderForMemory(text->data(), static_cast<int>(text->size()), url.c_str(), "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC |
                             XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT));
  if (!reader) return Fail(ErrorCode::kInternal, "cannot create an XML reader");
  ParseErrors errors;
  xmlTextReaderSetStructuredErrorHandler(reader.get(), &ParseErrors::Record, &errors);

  xmlTextReader* r = reader.get();
  int ret = xmlTextReaderRead(r);
  std::size_t dropped = 0;
  while (ret == 1) {
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
      ret = xmlTextReaderRead(r);
      continue;
    }
    const int depth = xmlTextReaderDepth(r);
    std::string_view name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(r));
    if (depth == 0) {
      if (name == "rss") {
        feed.format = "rss";
      } else if (name == "RDF") {
        feed.format = "rdf";
      } else if (name == "feed") {
        feed.format = "atom";
      } else {
        return Fail(ErrorCode::kInvalidArgument, "not a feed: the document's root element is <" +
                                                     std::string(TruncateUtf8(name, 64)) +
                                                     ">, not <rss>, <rdf:RDF> or <feed>");
      }
    } else if (name == "item" || name == "entry") {
      xmlNode* node = xmlTextReaderExpand(r);
      if (node == nullptr) break;  // the item is cut short: keep what came before
      if (feed.items.size() < limits.max_items) {
        feed.items.push_back(ReadXmlItem(node, base_url));
      } else {
        ++dropped;
      }
      ret = xmlTextReaderNext(r);
      continue;
    } else if (depth <= 2 && (name == "title" || name == "link")) {
      xmlNode* node = xmlTextReaderExpand(r);
      if (node == nullptr) break;
      if (name == "title" && feed.title.empty()) {
        feed.title = TextOf(node, false);
      } else if (name == "link" && feed.link.empty()) {
        std::string href = Attr(node, "href");
        std::string rel = Attr(node, "rel");
        if (href.empty()) {
          feed.link = ResolveUrl(node, Content(node), base_url);
        } else if (rel.empty() || rel == "alternate") {
          feed.link = ResolveUrl(node, href, base_url);
        }
      }
      ret = xmlTextReaderNext(r);
      continue;
    }
    ret = xmlTextReaderRead(r);
  }
  if (dropped > 0) {
    feed.warnings.push_back("the feed has more than " + std::to_string(limits.max_items) +
                            " items: " + std::to_string(dropped) + " were not read");
  }
  if (ret != 0 || !errors.first.empty()) {
    std::string why = errors.first.empty() ? "the document is malformed" : errors.first;
    if (feed.items.empty()) {
      return Fail(ErrorCode::kInvalidArgument, "the feed is not well-formed XML (" + why + ")");
    }
    feed.warnings.push_back("the feed is broken after " + std::to_string(feed.items.size()) +
                            " items (" + why + "); those items were kept");
  }
  if (feed.format.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "the document is empty: no feed");
  }
  return feed;
}

std::string JsonString(simdjson::dom::element e) {
  std::string_view v;
  if (e.get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  std::int64_t i = 0;
  if (e.get_int64().get(i) == simdjson::SUCCESS) return std::to_string(i);
  return {};
}

std::string Field(simdjson::dom::object o, std::string_view key) {
  simdjson::dom::element e;
  if (o[key].get(e) != simdjson::SUCCESS) return {};
  return JsonString(e);
}

Result<ParsedFeed> ParseJsonFeed(std::string_view body, std::string_view base_url,
                                 const FeedLimits& limits) {
  ParsedFeed feed;
  feed.format = "jsonfeed";
  simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element doc;
  if (auto err = parser.parse(padded).get(doc); err != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("the JSON Feed is not valid JSON: ") + simdjson::error_message(err));
  }
  simdjson::dom::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS ||
      !Field(root, "version").starts_with("https://jsonfeed.org/version/")) {
    return Fail(ErrorCode::kInvalidArgument,
                "not a JSON Feed: expected an object with \"version\": "
                "\"https://jsonfeed.org/version/1.1\"");
  }
  TextBuilder title;
  title.AppendText(Field(root, "title"));
  feed.title = title.Take();
  feed.link = ResolveUrl(nullptr, Field(root, "home_page_url"), base_url);
  simdjson::dom::array items;
  if (root["items"].get_array().get(items) != simdjson::SUCCESS) {
    return Fail(ErrorCode::kInvalidArgument, "the JSON Feed has no \"items\" array");
  }
  std::size_t index = 0;
  for (simdjson::dom::element e : items) {
    simdjson::dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) {
      feed.warnings.push_back("item " + std::to_string(index) + " is not an object: skipped");
      ++index;
      continue;
    }
    ++index;
    if (feed.items.size() >= limits.max_items) break;
    FeedItem item;
    item.id = Trim(Field(o, "id"));
    item.link = ResolveUrl(nullptr, Field(o, "url"), base_url);
    TextBuilder t;
    t.AppendText(Field(o, "title"));
    item.title = t.Take();
    std::string text = Field(o, "content_text");
    if (!text.empty()) {
      TextBuilder b;
      b.AppendPlainText(text);
      item.text = b.Take();
    } else {
      item.text = HtmlToText(Field(o, "content_html"));
    }
    if (item.text.empty()) item.text = HtmlToText(Field(o, "summary"));
    std::string date = Field(o, "date_published");
    if (date.empty()) date = Field(o, "date_modified");
    if (!date.empty()) SetDate(item, date, true);
    simdjson::dom::array authors;
    simdjson::dom::object author;
    if (o["authors"].get_array().get(authors) == simdjson::SUCCESS) {
      for (simdjson::dom::element a : authors) {
        simdjson::dom::object ao;
        if (a.get_object().get(ao) == simdjson::SUCCESS) {
          item.author = Field(ao, "name");
          break;
        }
      }
    } else if (o["author"].get_object().get(author) == simdjson::SUCCESS) {
      item.author = Field(author, "name");
    }
    feed.items.push_back(std::move(item));
  }
  return feed;
}

void BoundItem(FeedItem& item, const FeedLimits& limits) {
  auto cut = [](std::string& s, std::size_t max) {
    if (s.size() > max) s = std::string(TruncateUtf8(s, max));
  };
  cut(item.id, 1024);
  cut(item.link, 2048);
  cut(item.author, 256);
  cut(item.title, limits.max_text_bytes);
  cut(item.text, limits.max_text_bytes);
}

}  // namespace

Result<ParsedFeed> ParseFeed(std::string_view body, std::string_view content_type,
                             std::string_view base_url, const FeedLimits& limits) {
  std::string_view start = Trim(body.starts_with("\xEF\xBB\xBF") ? body.substr(3) : body);
  if (start.empty()) return Fail(ErrorCode::kInvalidArgument, "the feed is empty");
  auto feed = start.front() == '{' ? ParseJsonFeed(start, base_url, limits)
                                   : ParseXmlFeed(body, content_type, base_url, limits);
  if (!feed) return feed;
  for (auto& item : feed->items) BoundItem(item, limits);
  return feed;
}

}  // namespace tribu::connectors::feed
