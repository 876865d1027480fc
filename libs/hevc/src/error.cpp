// SPDX-License-Identifier: MIT
#include <lal/hevc/error.hpp>

#include <string>

namespace lal::hevc {
namespace {

class hevc_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.hevc"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated H.265 input";
        case errc::empty_nal_unit: return "NAL unit shorter than its 2-byte header";
        case errc::forbidden_bit_set: return "NAL unit forbidden_zero_bit is set";
        case errc::bad_temporal_id: return "nuh_temporal_id_plus1 is 0";
        case errc::wrong_nal_type: return "NAL unit is not the expected parameter set";
        case errc::bad_parameter_set_id: return "parameter set id out of range";
        case errc::bad_sub_layers: return "max_sub_layers_minus1 above 6";
        case errc::bad_chroma_format: return "chroma_format_idc out of range";
        case errc::bad_picture_size: return "picture size out of range";
        case errc::bad_conformance_window: return "conformance window larger than the picture";
        case errc::bad_bit_depth: return "bit depth out of range";
        case errc::unsupported_configuration_version: return "unsupported HEVCDecoderConfigurationRecord version";
        case errc::bad_length_size: return "hvcC lengthSizeMinusOne must be 0, 1 or 3";
        case errc::too_many_nal_units: return "too many NAL units or arrays for the configuration record";
        case errc::nal_unit_too_large: return "NAL unit too large for the configuration record";
        }
        return "unknown lal.hevc error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const hevc_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::hevc
