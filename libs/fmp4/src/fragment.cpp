// SPDX-License-Identifier: MIT
#include <lal/fmp4/error.hpp>
#include <lal/fmp4/fragment.hpp>

#include "box_writer.hpp"

namespace lal::fmp4 {

using detail::box_writer;

namespace {
// tfhd flags (8.8.7.1): offsets count from the start of this moof.
constexpr std::uint32_t default_base_is_moof = 0x020000;
// trun flags (8.8.8.1).
constexpr std::uint32_t data_offset_present = 0x000001;
constexpr std::uint32_t duration_present = 0x000100;
constexpr std::uint32_t size_present = 0x000200;
constexpr std::uint32_t flags_present = 0x000400;
constexpr std::uint32_t composition_offset_present = 0x000800;

constexpr std::size_t mfhd_size = 16;
constexpr std::size_t tfhd_size = 16;
constexpr std::size_t tfdt_size = 20;
constexpr std::size_t trun_fixed = 20;  // header, sample_count, data_offset
constexpr std::size_t trun_per_sample = 16;
constexpr std::size_t max_runs = 255;
}  // namespace

std::size_t fragment_head_size(std::span<const track_run> runs) noexcept {
    std::size_t n = 8 + mfhd_size + 8;  // moof header, mfhd, mdat header
    for (const auto& r : runs) n += 8 + tfhd_size + tfdt_size + trun_fixed + trun_per_sample * r.samples.size();
    return n;
}

std::error_code append_fragment_head(std::uint32_t sequence, std::span<const track_run> runs,
                                     std::vector<std::byte>& out) {
    if (runs.empty() || runs.size() > max_runs) return make_error_code(errc::too_many);
    std::uint64_t data = 0;
    for (const auto& r : runs) {
        if (r.track_id == 0) return make_error_code(errc::bad_track);
        if (r.samples.empty() || r.samples.size() > (std::uint32_t{1} << 24)) return make_error_code(errc::too_many);
        for (const auto& s : r.samples) data += s.size;
    }
    const std::size_t head = fragment_head_size(runs);
    if (data + 8 > 0xffffffffu || head + data > 0x7fffffffu) return make_error_code(errc::too_large);
    out.reserve(out.size() + head);
    box_writer w(out);
    const auto moof = w.open("moof");  // 8.8.4
    const auto mfhd = w.open_full("mfhd", 0, 0);  // 8.8.5
    w.u32(sequence);
    w.close(mfhd);
    // First sample byte of each run: after the moof and the 8-byte mdat header.
    std::uint64_t offset = head;
    for (const auto& r : runs) {
        const auto traf = w.open("traf");  // 8.8.6
        const auto tfhd = w.open_full("tfhd", 0, default_base_is_moof);
        w.u32(r.track_id);
        w.close(tfhd);
        const auto tfdt = w.open_full("tfdt", 1, 0);  // 8.8.12: 64-bit time
        w.u64(r.base_decode_time);
        w.close(tfdt);
        const auto trun = w.open_full("trun", 1, data_offset_present | duration_present | size_present |
                                                     flags_present | composition_offset_present);
        w.u32(r.samples.size());
        w.u32(offset);  // data_offset from the moof's first byte
        for (const auto& s : r.samples) {
            w.u32(s.duration);
            w.u32(s.size);
            w.u32(s.sync ? sync_sample_flags : non_sync_sample_flags);
            w.u32(static_cast<std::uint32_t>(s.composition_offset));  // version 1: signed
            offset += s.size;
        }
        w.close(trun);
        w.close(traf);
    }
    w.close(moof);
    w.u32(8 + data);  // mdat (8.1.1): the samples follow
    w.fourcc("mdat");
    return {};
}

}  // namespace lal::fmp4
