// From a stored post to what the detectors read of it.
#pragma once

#include "tribu/alerts/detectors.h"
#include "tribu/core/post.h"
#include "tribu/text/analyzer.h"

namespace tribu::alerts {

// Its figures, without terms (for workspaces with no emerging-term rule: no
// tokenizing).
PostSignal SignalOf(const Post& post);

// Its figures, and its subject terms (words, and hashtags with their '#'),
// tokenized with `analyzer` into `tokens` (reused between calls).
PostSignal SignalOf(const Post& post, const text::Analyzer& analyzer, text::TokenizedText* tokens);

}  // namespace tribu::alerts
