// The web UI's built files (web/, built by Vite), embedded in the binary by
// cmake/BuildWeb.cmake. Empty when tribu was built with TRIBU_BUILD_WEB=OFF.
#pragma once

#include <span>
#include <string_view>

namespace tribu::http {

struct WebAsset {
  std::string_view path;          // "/index.html", "/assets/index-1a2b3c.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view data;
};

std::span<const WebAsset> WebAssets();

}  // namespace tribu::http
