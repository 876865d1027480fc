// SPDX-License-Identifier: MIT
#include <lal/avc/error.hpp>

#include <string>

namespace lal::avc {
namespace {

class avc_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.avc"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated H.264 input";
        case errc::empty_nal_unit: return "empty NAL unit";
        case errc::forbidden_bit_set: return "NAL unit forbidden_zero_bit is set";
        case errc::missing_start_code: return "Annex-B data does not begin with a start code";
        case errc::bad_length_size: return "NAL length size must be 1, 2 or 4";
        case errc::nal_length_exceeds_data: return "NAL length runs past the end of the data";
        case errc::nal_unit_too_large: return "NAL unit too large";
        case errc::access_unit_too_large: return "access unit too large";
        case errc::unsupported_configuration_version: return "unsupported AVCDecoderConfigurationRecord version";
        case errc::too_many_parameter_sets: return "too many parameter sets for the configuration record";
        case errc::not_sps: return "NAL unit is not a sequence parameter set";
        case errc::bad_sps_id: return "seq_parameter_set_id out of range";
        case errc::bad_chroma_format: return "chroma_format_idc out of range";
        case errc::bad_bit_depth: return "bit depth out of range";
        case errc::bad_scaling_list: return "scaling list delta out of range";
        case errc::bad_frame_num_size: return "log2_max_frame_num out of range";
        case errc::bad_pic_order_cnt: return "picture order count parameters out of range";
        case errc::too_many_poc_cycle_frames: return "num_ref_frames_in_pic_order_cnt_cycle above 255";
        case errc::too_many_ref_frames: return "max_num_ref_frames above 16";
        case errc::bad_picture_size: return "picture size out of range";
        case errc::bad_cropping: return "frame cropping larger than the picture";
        case errc::bad_vui: return "VUI parameters out of range";
        }
        return "unknown lal.avc error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const avc_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace lal::avc
