// SecretCipher with libsodium's XChaCha20-Poly1305 (a random 24-byte nonce a
// secret) and a 32-byte key read from a file outside the database.
// Sealed text: "sealed:v1:" + base64url(nonce | ciphertext | tag).
#pragma once

#include <array>
#include <memory>
#include <string>

#include "tribu/core/secret_cipher.h"

namespace tribu::auth {

class SecretBox final : public SecretCipher {
 public:
  static constexpr std::size_t kKeyBytes = 32;

  // Reads the key file (64 hex digits); creates it with a fresh random key,
  // readable by its owner only, when it does not exist. Fails with a message
  // naming the file when it is unreadable, malformed, or readable by others.
  static Result<std::unique_ptr<SecretBox>> LoadOrCreate(const std::string& key_file);
  static std::unique_ptr<SecretBox> FromKey(const std::array<unsigned char, kKeyBytes>& key,
                                            std::string key_name = "the given key");

  ~SecretBox() override;
  Result<std::string> Seal(std::string_view plain) const override;
  Result<std::string> Open(std::string_view sealed) const override;
  bool IsSealed(std::string_view text) const override;

 private:
  SecretBox(const std::array<unsigned char, kKeyBytes>& key, std::string key_name);
  std::array<unsigned char, kKeyBytes> key_{};
  std::string key_name_;
};

}  // namespace tribu::auth
