// HTML fragments (feed summaries, Atom xhtml content) to plain text.
#include <libxml/HTMLparser.h>

#include <memory>

#include "connectors/feed/feed_parser.h"
#include "connectors/feed/xml_text.h"

namespace tribu::connectors::feed {

namespace {

bool IsSkipped(std::string_view name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" ||
         name == "iframe" || name == "object" || name == "svg" || name == "head" ||
         name == "select" || name == "math";
}

bool IsBlock(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",      "div",   "br", "li",     "ul",         "ol",  "h1",      "h2",      "h3",
      "h4",     "h5",    "h6", "tr",     "blockquote", "pre", "section", "article", "header",
      "footer", "table", "hr", "figure", "figcaption", "dd",  "dt",      "dl",      "aside"};
  for (auto b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

}  // namespace

void TextBuilder::AppendText(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      pending_space_ = !out_.empty();
      continue;
    }
    if (u < 0x20 || u == 0x7f) continue;  // other control characters carry nothing
    if (pending_break_ > 0 && !out_.empty()) {
      out_.append(pending_break_ > 1 ? "\n\n" : "\n");
    } else if (pending_space_ && !out_.empty()) {
      out_.push_back(' ');
    }
    pending_break_ = 0;
    pending_space_ = false;
    out_.push_back(c);
  }
}

void TextBuilder::AppendPlainText(std::string_view text) {
  int newlines = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n') continue;
    std::string_view line = text.substr(start, i - start);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      ++newlines;
    } else {
      if (start > 0) Break(newlines > 0 ? 2 : 1);
      newlines = 0;
      AppendText(line);
    }
    start = i + 1;
  }
}

void TextBuilder::Break(int lines) {
  pending_break_ = std::max(pending_break_, lines);
  pending_space_ = false;
}

void AppendNodeText(const xmlNode* root, TextBuilder& out) {
  // Iterative walk: hostile documents nest deeply.
  const xmlNode* node = root;
  while (node != nullptr) {
    bool descend = false;
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content != nullptr) out.AppendText(reinterpret_cast<const char*>(node->content));
    } else if (node->type == XML_ELEMENT_NODE || node->type == XML_DOCUMENT_NODE ||
               node->type == XML_HTML_DOCUMENT_NODE) {
      std::string_view name =
          node->name != nullptr ? reinterpret_cast<const char*>(node->name) : std::string_view{};
      if (!IsSkipped(name)) {
        if (IsBlock(name)) out.Break(name == "br" ? 1 : 2);
        descend = node->children != nullptr;
      }
    }
    if (descend) {
      node = node->children;
      continue;
    }
    // Next sibling, or climb until one has a sibling; never above root.
    while (node != nullptr && node != root && node->next == nullptr) {
      node = node->parent;
      if (node != nullptr && node->type == XML_ELEMENT_NODE && node->name != nullptr &&
          IsBlock(reinterpret_cast<const char*>(node->name))) {
        out.Break(2);
      }
    }
    if (node == nullptr || node == root) break;
    node = node->next;
  }
}

std::string HtmlToText(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) {
    TextBuilder plain;
    plain.AppendText(html);
    return plain.Take();
  }
  struct DocDeleter {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
  };
  std::unique_ptr<xmlDoc, DocDeleter> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                         HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED));
  TextBuilder out;
  if (!doc) {
    out.AppendText(html);
    return out.Take();
  }
  AppendNodeText(reinterpret_cast<const xmlNode*>(doc.get()), out);
  return out.Take();
}

}  // namespace tribu::connectors::feed
