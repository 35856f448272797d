// Stands in for auth::SecretBox (tested in the auth module): reversible, and
// recognisable, so that a test can see what reached the database.
#pragma once

#include <string>
#include <string_view>

#include "tribu/core/secret_cipher.h"

namespace tribu::testing {

class TestCipher final : public SecretCipher {
 public:
  Result<std::string> Seal(std::string_view plain) const override {
    return "sealed:" + std::string(plain.rbegin(), plain.rend());
  }
  Result<std::string> Open(std::string_view sealed) const override {
    if (!IsSealed(sealed)) return Fail(ErrorCode::kDataLoss, "not sealed");
    sealed.remove_prefix(7);
    return std::string(sealed.rbegin(), sealed.rend());
  }
  bool IsSealed(std::string_view text) const override { return text.starts_with("sealed:"); }
};

}  // namespace tribu::testing
