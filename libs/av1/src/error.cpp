// SPDX-License-Identifier: MIT
#include <lal/av1/error.hpp>

#include <string>

namespace lal::av1 {
namespace {

class av1_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.av1"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated AV1 input";
        case errc::forbidden_bit_set: return "obu_forbidden_bit is set";
        case errc::bad_leb128: return "leb128 value too long or too large";
        case errc::not_sequence_header: return "OBU is not a sequence header";
        case errc::bad_profile: return "seq_profile out of range";
        case errc::bad_marker: return "AV1CodecConfigurationRecord marker bit is 0";
        case errc::unsupported_version: return "unsupported AV1CodecConfigurationRecord version";
        case errc::no_sequence_header: return "no sequence header OBU";
        }
        return "unknown lal.av1 error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const av1_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::av1
