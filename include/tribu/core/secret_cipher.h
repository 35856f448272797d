// Encrypts secrets before they are stored (platform tokens, webhook secrets),
// with a key kept outside the database. The store is handed one; the auth
// module implements it with libsodium.
#pragma once

#include <string>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu {

class SecretCipher {
 public:
  virtual ~SecretCipher() = default;
  // Authenticated encryption of `plain`, as printable text.
  virtual Result<std::string> Seal(std::string_view plain) const = 0;
  // The plain text of what Seal made; kDataLoss when it was altered or sealed
  // with another key (the error says which key file is expected).
  virtual Result<std::string> Open(std::string_view sealed) const = 0;
  // Whether `text` looks like Seal's output (to recognise secrets stored in
  // clear by an older tribu).
  virtual bool IsSealed(std::string_view text) const = 0;
};

}  // namespace tribu
