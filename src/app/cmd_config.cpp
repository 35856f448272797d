#include <iostream>

#include "app/commands.h"

namespace tribu::app {

int RunConfigShow(AppContext& ctx) {
  const Config& c = ctx.config;
  auto show = [](std::string_view key, const auto& value) {
    std::cout << "  " << key << " = " << value << "\n";
  };
  std::cout << "Effective configuration:\n";
  show("server.listen", c.server.listen);
  show("server.threads", c.server.threads);
  show("server.max_body_bytes", c.server.max_body_bytes);
  show("storage.backend", c.storage.backend);
  show("storage.data_dir", c.storage.data_dir);
  show("storage.auto_migrate", c.storage.auto_migrate ? "true" : "false");
  show("storage.busy_timeout_ms", c.storage.busy_timeout_ms);
  show("storage.synchronous", c.storage.synchronous);
  show("log.level", c.log.level);
  show("log.format", c.log.format);
  show("import.batch_size", c.import.batch_size);
  std::cout << "\nKeys (file key, environment variable: meaning):\n";
  for (const ConfigKey& k : ConfigKeys()) {
    std::cout << "  " << k.key << ", " << k.env << ": " << k.doc << "\n";
  }
  return kExitOk;
}

}  // namespace tribu::app
