#include "tribu/auth/password.h"

#include <argon2.h>

#include <string>
#include <vector>

#include "tribu/auth/tokens.h"
#include "tribu/core/utf8.h"

namespace tribu::auth {

namespace {
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
}  // namespace

Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 10) {
    return Fail(ErrorCode::kInvalidArgument, "a password has at least 10 characters");
  }
  if (password.size() > 256) {
    return Fail(ErrorCode::kInvalidArgument, "a password has at most 256 characters");
  }
  if (FirstInvalidUtf8(password) != password.size()) {
    return Fail(ErrorCode::kInvalidArgument, "a password must be valid UTF-8");
  }
  if (password.find_first_not_of(password.front()) == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "a password is not one character repeated");
  }
  return {};
}

Result<std::string> HashPassword(std::string_view password, const PasswordPolicy& policy) {
  TRIBU_RETURN_IF_ERROR(CheckPasswordStrength(password));
  // The salt comes from the same CSPRNG as every token.
  const std::string salt = RandomToken(kSaltBytes);
  const std::size_t len = argon2_encodedlen(policy.time_cost, policy.memory_kib, policy.parallelism,
                                            salt.size(), kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  const int rc = argon2id_hash_encoded(policy.time_cost, policy.memory_kib, policy.parallelism,
                                       password.data(), password.size(), salt.data(), salt.size(),
                                       kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Fail(ErrorCode::kInternal,
                std::string("cannot hash the password: ") + argon2_error_message(rc));
  }
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  return encoded;
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  if (encoded_hash.empty() || password.size() > 256) return false;
  const std::string hash(encoded_hash);  // NUL-terminated for libargon2
  return argon2id_verify(hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace tribu::auth
