// The author of a post as the platform shows them. One person may be several
// authors (one per platform); the CRM merges them into a Contact.
#pragma once

#include <cstdint>
#include <string>

#include "tribu/core/ids.h"

namespace tribu {

struct Author {
  AuthorId id;
  std::string platform;
  std::string handle;        // unique per platform: "@marie@mastodon.social", "u/velofan"
  std::string display_name;  // may be empty
  std::int64_t followers = 0;
};

}  // namespace tribu
