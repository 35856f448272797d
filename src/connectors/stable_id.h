// Stable ids for items a platform gives no usable id: the same material
// always gives the same id, so that collecting it again updates the post.
#pragma once

#include <string>
#include <string_view>

namespace tribu::connectors {

// "sha256:" and the first 16 bytes of SHA-256(material), in hex.
std::string StableId(std::string_view material);

}  // namespace tribu::connectors
