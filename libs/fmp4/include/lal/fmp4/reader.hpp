// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/fmp4/error.hpp>
#include <lal/fmp4/fragment.hpp>
#include <lal/fmp4/track.hpp>

namespace lal::fmp4 {

/// A box header (ISO/IEC 14496-12 4.2).
struct box_header {
    std::array<char, 4> type{};
    /// The whole box, header included.
    std::uint64_t size = 0;
    /// 8, or 16 with a 64-bit largesize.
    std::uint8_t header_size = 8;
    /// True when the type is `t` (four characters).
    bool is(std::string_view t) const noexcept { return t.size() == 4 && std::string_view(type.data(), 4) == t; }
};

/// Reads the header of the box at the start of `in`. A size of 0 (to the end
/// of the file) is taken as the bytes given. Errors: truncated (fewer bytes
/// than the header or the box says: feed more), bad_box_size.
lal::result<box_header> read_box_header(byte_span in);

/// Bounds of the reader: input is hostile.
struct reader_limits {
    std::size_t max_tracks = 8;
    std::size_t max_runs = 16;
    /// Samples per fragment, all runs together.
    std::size_t max_samples = 1u << 16;
};

/// What an initialization segment says.
struct init_segment_info {
    std::array<char, 4> major_brand{};
    /// Tracks as make_track describes them (Opus: dOps turned back into an OpusHead).
    std::vector<track> tracks;
    /// Bytes up to the end of moov.
    std::size_t size = 0;
};

/// Reads ftyp and moov (other top-level boxes before moov are skipped).
/// Errors: truncated, bad_box_size, missing_box, unsupported_codec, bad_config, too_many.
lal::result<init_segment_info> read_init_segment(byte_span in, reader_limits limits = {});

/// One track's run as read back.
struct read_run {
    std::uint32_t track_id = 0;
    std::uint64_t base_decode_time = 0;
    std::vector<sample> samples;
    /// Each sample's bytes, views into the input.
    std::vector<byte_span> data;
};

/// One fragment as read back.
struct fragment_info {
    std::uint32_t sequence = 0;
    std::vector<read_run> runs;
    /// Bytes from the start of the input to the end of the mdat after the moof.
    std::size_t size = 0;
};

/// Reads the fragment at the start of `in` (boxes before the moof, such as
/// styp, are skipped): moof, then the mdat after it holding every sample.
/// tfhd defaults and trun's first-sample flags are applied; data offsets
/// count from the moof (base-data-offset, when given, from the input's
/// start). Errors: truncated, bad_box_size, missing_box, too_many (limits),
/// bad_track (tfhd id 0), too_large (a sample outside the moof and mdat).
lal::result<fragment_info> read_fragment(byte_span in, reader_limits limits = {});

}  // namespace lal::fmp4
