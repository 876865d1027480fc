// SPDX-License-Identifier: MIT
#include <lal/stun/error.hpp>

#include <string>

namespace lal::stun {
namespace {

class stun_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.stun"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::not_stun: return "not a STUN message";
        case errc::truncated: return "truncated STUN message";
        case errc::bad_length: return "STUN length field disagrees with the datagram";
        case errc::bad_attribute: return "malformed STUN attribute";
        case errc::too_many_attributes: return "too many STUN attributes";
        case errc::fingerprint_not_last: return "STUN FINGERPRINT is not the last attribute";
        case errc::missing_attribute: return "required STUN attribute missing";
        case errc::bad_fingerprint: return "STUN FINGERPRINT mismatch";
        case errc::bad_integrity: return "STUN MESSAGE-INTEGRITY mismatch";
        }
        return "unknown lal.stun error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const stun_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::stun
