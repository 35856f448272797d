// Text of libxml2 trees, shared by the feed parser and HtmlToText.
#pragma once

#include <libxml/tree.h>

#include <string>
#include <string_view>

namespace tribu::connectors::feed {

// Accumulates text: runs of white space become one space, line breaks asked
// for between blocks become at most one blank line, control characters go.
class TextBuilder {
 public:
  void AppendText(std::string_view text);       // HTML text: line breaks are spaces
  void AppendPlainText(std::string_view text);  // plain text: line breaks are kept
  void Break(int lines);                        // 1: a line break, 2: a paragraph break
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
  int pending_break_ = 0;
};

// Appends the text under `root` (itself included), skipping scripts and
// styles and breaking lines at block elements. Walks without recursion.
void AppendNodeText(const xmlNode* root, TextBuilder& out);

}  // namespace tribu::connectors::feed
