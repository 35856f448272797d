// From a stored post to what the detectors read of it.
#pragma once

#include "tribu/alerts/detectors.h"
#include "tribu/core/post.h"
#include "tribu/text/analyzer.h"

namespace tribu::alerts {

// Its figures, and its subject terms (words, and hashtags with their '#'),
// tokenized with `analyzer` into `tokens` (reused between calls).
PostSignal SignalOf(const Post& post, const text::Analyzer& analyzer, text::TokenizedText* tokens);

}  // namespace tribu::alerts
