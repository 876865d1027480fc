// SPDX-License-Identifier: MIT
#include <lal/aac/error.hpp>

#include <string>

namespace lal::aac {
namespace {

class aac_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.aac"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated AAC input";
        case errc::bad_object_type: return "invalid audio object type";
        case errc::bad_sampling_frequency_index: return "reserved sampling frequency index";
        case errc::bad_sampling_frequency: return "explicit sampling frequency is zero";
        case errc::unsupported_ep_config: return "epConfig 2 or 3 (error protection) is not supported";
        case errc::inconsistent_config: return "AudioSpecificConfig fields are inconsistent";
        case errc::bad_adts_sync: return "ADTS syncword missing";
        case errc::bad_adts_layer: return "ADTS layer is not 0";
        case errc::bad_adts_frame_length: return "ADTS frame length smaller than its header";
        case errc::adts_frame_too_large: return "frame too large for ADTS (13-bit length)";
        case errc::adts_unsupported_object_type: return "object type cannot be expressed in ADTS";
        case errc::adts_unsupported_sampling_frequency: return "explicit sampling frequency cannot be expressed in ADTS";
        case errc::adts_unsupported_channel_configuration: return "channel configuration cannot be expressed in ADTS";
        case errc::adts_multiple_raw_blocks: return "ADTS frame holds more than one raw data block";
        }
        return "unknown lal.aac error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const aac_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace lal::aac
