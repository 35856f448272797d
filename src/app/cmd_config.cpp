#include <iostream>

#include "app/commands.h"

namespace tribu::app {

int RunConfigShow(AppContext& ctx) {
  std::cout << "Effective configuration:\n";
  for (const auto& [key, value] : ConfigValues(ctx.config)) {
    std::cout << "  " << key << " = " << value << "\n";
  }
  std::cout << "\nKeys (file key, environment variable: meaning):\n";
  for (const ConfigKey& k : ConfigKeys()) {
    std::cout << "  " << k.key << ", " << k.env << ": " << k.doc << "\n";
  }
  return kExitOk;
}

}  // namespace tribu::app
