// The rules a workspace starts with: every detector at medium sensitivity on
// every topic, shown in the app only (no destination), quiet hours off.
#pragma once

#include <vector>

#include "tribu/core/alert.h"

namespace tribu::alerts {

std::vector<AlertRule> DefaultRules(WorkspaceId workspace);

}  // namespace tribu::alerts
