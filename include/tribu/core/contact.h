// A contact is one person across platforms (social CRM): the authors merged
// into it, and what the team knows about them.
#pragma once

#include <string>
#include <vector>

#include "tribu/core/ids.h"
#include "tribu/core/time.h"

namespace tribu {

struct Contact {
  ContactId id;
  WorkspaceId workspace_id;
  std::string display_name;
  std::vector<AuthorId> authors;  // the per-platform identities of this person
  std::vector<std::string> tags;
  std::string notes;
  double influence = 0;  // 0..100
  Timestamp first_seen{};
  Timestamp last_seen{};
};

}  // namespace tribu
