// SPDX-License-Identifier: MIT
#include <lal/av1/sequence_header.hpp>

#include <lal/av1/obu.hpp>
#include <lal/base/rbsp_reader.hpp>

namespace lal::av1 {
namespace {

// f(n) reads of AV1 spec 4.10.2 are MSB-first like H.264's u(n): the same
// reader serves (AV1 has no emulation prevention, so the payload is read as is).
using bits = lal::rbsp_reader;

// 4.10.3 uvlc(): read only to move past it.
void skip_uvlc(bits& r) {
    unsigned zeros = 0;
    while (!r.failed() && !r.flag()) {
        if (++zeros >= 32) return;  // the value is then 2^32 - 1 with no bits read
    }
    r.skip(zeros);
}

// 5.5.2 color_config().
void read_color_config(bits& r, sequence_header& s) {
    s.high_bitdepth = r.flag();
    if (s.profile == 2 && s.high_bitdepth) {
        s.twelve_bit = r.flag();
        s.bit_depth = s.twelve_bit ? 12 : 10;
    } else {
        s.bit_depth = s.high_bitdepth ? 10 : 8;
    }
    s.monochrome = s.profile == 1 ? false : r.flag();
    if (r.flag()) {  // color_description_present_flag
        s.color_primaries = static_cast<std::uint8_t>(r.u(8));
        s.transfer_characteristics = static_cast<std::uint8_t>(r.u(8));
        s.matrix_coefficients = static_cast<std::uint8_t>(r.u(8));
    }
    if (s.monochrome) {
        s.color_range = r.flag();
        s.subsampling_x = s.subsampling_y = true;
        return;
    }
    // CP_BT_709, TC_SRGB, MC_IDENTITY: 4:4:4 full range, nothing more coded.
    if (s.color_primaries == 1 && s.transfer_characteristics == 13 && s.matrix_coefficients == 0) {
        s.color_range = true;
        s.subsampling_x = s.subsampling_y = false;
    } else {
        s.color_range = r.flag();
        if (s.profile == 0) {
            s.subsampling_x = s.subsampling_y = true;
        } else if (s.profile == 1) {
            s.subsampling_x = s.subsampling_y = false;
        } else if (s.bit_depth == 12) {
            s.subsampling_x = r.flag();
            s.subsampling_y = s.subsampling_x ? r.flag() : false;
        } else {
            s.subsampling_x = true;
            s.subsampling_y = false;
        }
        if (s.subsampling_x && s.subsampling_y) s.chroma_sample_position = static_cast<std::uint8_t>(r.u(2));
    }
    r.flag();  // separate_uv_delta_q
}

}  // namespace

lal::result<sequence_header> parse_sequence_header(byte_span payload) {
    bits r(payload);
    sequence_header s;
    // 5.5.1 sequence_header_obu().
    s.profile = static_cast<std::uint8_t>(r.u(3));
    if (s.profile > 2) return errc::bad_profile;
    s.still_picture = r.flag();
    s.reduced_still_picture_header = r.flag();
    bool frame_id_numbers = false;
    if (s.reduced_still_picture_header) {
        s.level_idx = static_cast<std::uint8_t>(r.u(5));
    } else {
        bool decoder_model_info = false;
        unsigned buffer_delay_length = 0;
        if (r.flag()) {  // timing_info_present_flag: 5.5.3 timing_info()
            s.num_units_in_display_tick = r.u(32);
            s.time_scale = r.u(32);
            if (r.flag()) skip_uvlc(r);  // equal_picture_interval, num_ticks_per_picture_minus_1
            decoder_model_info = r.flag();
            if (decoder_model_info) {
                // 5.5.4 decoder_model_info().
                buffer_delay_length = r.u(5) + 1;
                r.skip(32 + 5 + 5);
            }
        }
        const bool initial_display_delay = r.flag();
        const unsigned points = r.u(5) + 1;
        for (unsigned i = 0; i < points; ++i) {
            r.skip(12);  // operating_point_idc
            const auto level = static_cast<std::uint8_t>(r.u(5));
            const bool tier = level > 7 ? r.flag() : false;
            if (i == 0) {
                s.level_idx = level;
                s.tier = tier;
            }
            // decoder_model_present_for_this_op: 5.5.5 operating_parameters_info().
            if (decoder_model_info && r.flag()) r.skip(2 * buffer_delay_length + 1);
            if (initial_display_delay && r.flag()) r.skip(4);
        }
    }
    const unsigned width_bits = r.u(4) + 1;
    const unsigned height_bits = r.u(4) + 1;
    s.max_width = r.u(width_bits) + 1;
    s.max_height = r.u(height_bits) + 1;
    if (!s.reduced_still_picture_header) frame_id_numbers = r.flag();
    if (frame_id_numbers) r.skip(4 + 3);  // delta_frame_id_length_minus_2, additional_frame_id_length_minus_1
    r.skip(3);  // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
    if (!s.reduced_still_picture_header) {
        r.skip(4);  // interintra_compound, masked_compound, warped_motion, dual_filter
        const bool order_hint = r.flag();
        if (order_hint) r.skip(2);  // enable_jnt_comp, enable_ref_frame_mvs
        // seq_choose_screen_content_tools: SELECT_SCREEN_CONTENT_TOOLS (2) when set.
        const unsigned screen_content = r.flag() ? 2 : r.u(1);
        if (screen_content > 0 && !r.flag()) r.skip(1);  // seq_choose_integer_mv, seq_force_integer_mv
        if (order_hint) r.skip(3);  // order_hint_bits_minus_1
    }
    r.skip(3);  // enable_superres, enable_cdef, enable_restoration
    read_color_config(r, s);
    r.flag();  // film_grain_params_present
    if (r.failed()) return errc::truncated;
    return s;
}

lal::result<sequence_header> find_sequence_header(byte_span obus) {
    auto list = split_obus(obus);
    if (!list) return list.error();
    for (const auto& o : *list) {
        if (o.type == obu_type::sequence_header) return parse_sequence_header(o.payload);
    }
    return errc::no_sequence_header;
}

}  // namespace lal::av1
