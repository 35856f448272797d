// Readers for the data exports closed platforms give their account owners,
// so that their history can be analysed without API access. Each reads the
// whole file (bounded by max_export_bytes) and serves its posts as rows; an
// item that cannot become a post is a row with the reason.
#pragma once

#include <istream>
#include <memory>

#include "tribu/connectors/post_file.h"

namespace tribu::import {

// `format` is one of the export formats of PostFileFormat.
Result<std::unique_ptr<PostFileReader>> OpenExportReader(std::istream& in, PostFileFormat format,
                                                         const PostFileOptions& options);

// Facebook and Instagram write UTF-8 text as if each byte were a Latin-1
// character ("Ã©" for "é"); this undoes it where it applies, else returns
// the text unchanged.
std::string FixMetaMojibake(std::string_view text);

}  // namespace tribu::import
