// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

namespace lal::fmp4 {

/// One sample of a track run (ISO/IEC 14496-12 8.8.8): its size, duration and
/// composition offset in the track's timescale, and whether decoding can start at it.
struct sample {
    std::uint32_t size = 0;
    std::uint32_t duration = 0;
    /// pts - dts; negative values need trun version 1, which this writer always uses.
    std::int32_t composition_offset = 0;
    /// A sync sample (random access point).
    bool sync = true;
    friend bool operator==(const sample&, const sample&) = default;
};

/// The samples of one track in a fragment, starting at `base_decode_time` (tfdt, 8.8.12).
struct track_run {
    std::uint32_t track_id = 1;
    std::uint64_t base_decode_time = 0;
    std::span<const sample> samples;
};

/// sample_flags (8.8.3.1) of a sync sample: depends on no other sample.
inline constexpr std::uint32_t sync_sample_flags = 0x02000000;
/// sample_flags of a non-sync sample: depends on others, sample_is_non_sync_sample set.
inline constexpr std::uint32_t non_sync_sample_flags = 0x01010000;

/// Appends a fragment's head: moof (mfhd with `sequence`, then per run a traf
/// with tfhd (default-base-is-moof), tfdt version 1 and a trun version 1 with
/// every sample's duration, size, flags and composition offset) and the mdat
/// header. The caller appends the sample bytes right after, run by run in the
/// order given, so a fragment can be written as this head plus slices of the
/// frames. Errors, nothing appended: bad_track (a track id 0), too_many (a run
/// without samples or more runs than 255), too_large (mdat past 4 GiB).
std::error_code append_fragment_head(std::uint32_t sequence, std::span<const track_run> runs,
                                     std::vector<std::byte>& out);

/// Size of the head append_fragment_head writes for runs of these sample counts (no allocation).
std::size_t fragment_head_size(std::span<const track_run> runs) noexcept;

}  // namespace lal::fmp4
