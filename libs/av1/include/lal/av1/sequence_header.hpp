// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/av1/error.hpp>

namespace lal::av1 {

/// What a sequence header OBU says about the stream (AV1 spec 5.5): the
/// fields av1C repeats and the ones a server reports.
struct sequence_header {
    std::uint8_t profile = 0;               ///< seq_profile: 0 Main, 1 High, 2 Professional
    bool still_picture = false;
    bool reduced_still_picture_header = false;
    std::uint8_t level_idx = 0;             ///< seq_level_idx[0]: 2.0 is 0, 31 unconstrained
    bool tier = false;                      ///< seq_tier[0]
    std::uint32_t max_width = 0;            ///< max_frame_width_minus_1 + 1
    std::uint32_t max_height = 0;           ///< max_frame_height_minus_1 + 1
    std::uint8_t bit_depth = 8;             ///< 8, 10 or 12 (5.5.2 color_config)
    bool high_bitdepth = false;
    bool twelve_bit = false;
    bool monochrome = false;
    bool subsampling_x = true;
    bool subsampling_y = true;
    std::uint8_t chroma_sample_position = 0;
    std::uint8_t color_primaries = 2;       ///< 2 = unspecified
    std::uint8_t transfer_characteristics = 2;
    std::uint8_t matrix_coefficients = 2;
    bool color_range = false;               ///< full range
    /// Frames per second from timing_info, when present and fixed.
    std::uint32_t num_units_in_display_tick = 0;
    std::uint32_t time_scale = 0;
    friend bool operator==(const sequence_header&, const sequence_header&) = default;
};

/// Parses the payload of a sequence header OBU (the bytes after the OBU
/// header and size). Errors: truncated, bad_profile.
lal::result<sequence_header> parse_sequence_header(byte_span payload);

/// Finds the first sequence header OBU in low-overhead OBUs and parses it.
/// Errors: split_obus' errors, no_sequence_header, and parse_sequence_header's.
lal::result<sequence_header> find_sequence_header(byte_span obus);

}  // namespace lal::av1
