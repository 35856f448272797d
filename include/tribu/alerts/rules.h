// The rules a workspace starts with: every detector at medium sensitivity on
// every topic, shown in the app only (no destination), quiet hours off.
#pragma once

#include <vector>

#include "tribu/core/alert.h"
#include "tribu/store/store.h"

namespace tribu::alerts {

std::vector<AlertRule> DefaultRules(WorkspaceId workspace);

// Gives a workspace just created the default rules. A rule of the same name
// that exists already is left as it is.
Status AddDefaultRules(Store& store, WorkspaceId workspace);

}  // namespace tribu::alerts
