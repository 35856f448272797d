// Passwords, hashed with argon2id (libargon2) in the PHC string format, so
// that the parameters travel with each hash and can be raised later.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tribu/core/result.h"

namespace tribu::auth {

struct PasswordPolicy {
  std::uint32_t time_cost = 2;  // passes; OWASP's minimum for 19 MiB
  std::uint32_t memory_kib = 19 * 1024;
  std::uint32_t parallelism = 1;
};

// At least 10 characters (bytes of UTF-8), at most 256, not all one character.
Status CheckPasswordStrength(std::string_view password);
// kInvalidArgument when the password is too weak (CheckPasswordStrength).
Result<std::string> HashPassword(std::string_view password, const PasswordPolicy& policy = {});
// False for a wrong password, an empty hash (no password set) or a malformed hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

}  // namespace tribu::auth
