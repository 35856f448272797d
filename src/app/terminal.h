// Text from strangers, made safe to print on a terminal.
#pragma once

#include <string>
#include <string_view>

namespace tribu::app {

// One line of text for a terminal: newlines and control characters become
// spaces, so that a hostile post cannot move the cursor or fake output; cut to
// max_bytes (on a character boundary) with an ellipsis.
std::string OneLine(std::string_view text, std::size_t max_bytes);

}  // namespace tribu::app
