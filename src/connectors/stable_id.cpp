#include "connectors/stable_id.h"

#include <openssl/evp.h>

namespace tribu::connectors {

std::string StableId(std::string_view material) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(material.data(), material.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (std::size_t i = 0; i < 16; ++i) {
    out += kDigits[digest[i] >> 4];
    out += kDigits[digest[i] & 15];
  }
  return out;
}

}  // namespace tribu::connectors
