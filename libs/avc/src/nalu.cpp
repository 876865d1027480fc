// SPDX-License-Identifier: MIT
#include <lal/avc/nalu.hpp>

namespace lal::avc {

std::string_view to_string(nal_unit_type t) noexcept {
    switch (t) {
    case nal_unit_type::unspecified: return "unspecified";
    case nal_unit_type::non_idr_slice: return "non-IDR slice";
    case nal_unit_type::slice_data_a: return "slice data A";
    case nal_unit_type::slice_data_b: return "slice data B";
    case nal_unit_type::slice_data_c: return "slice data C";
    case nal_unit_type::idr_slice: return "IDR slice";
    case nal_unit_type::sei: return "SEI";
    case nal_unit_type::sps: return "SPS";
    case nal_unit_type::pps: return "PPS";
    case nal_unit_type::aud: return "AUD";
    case nal_unit_type::end_of_sequence: return "end of sequence";
    case nal_unit_type::end_of_stream: return "end of stream";
    case nal_unit_type::filler_data: return "filler data";
    case nal_unit_type::sps_extension: return "SPS extension";
    case nal_unit_type::prefix_nal: return "prefix NAL";
    case nal_unit_type::subset_sps: return "subset SPS";
    case nal_unit_type::dps: return "DPS";
    case nal_unit_type::auxiliary_slice: return "auxiliary slice";
    case nal_unit_type::slice_extension: return "slice extension";
    case nal_unit_type::slice_extension_depth: return "slice extension (depth)";
    }
    auto v = static_cast<unsigned>(t);
    return v >= 24 ? "unspecified" : "reserved";
}

lal::result<nal_header> parse_nal_header(byte_span nal) {
    if (nal.empty()) return errc::empty_nal_unit;
    auto h = decode_nal_header(nal[0]);
    // 7.4.1: forbidden_zero_bit shall be 0.
    if (h.forbidden_zero_bit) return errc::forbidden_bit_set;
    return h;
}

}  // namespace lal::avc
