// SPDX-License-Identifier: MIT
// lal::fmp4's bounded box reader on hostile bytes: the input is read both as
// an initialization segment and as a fragment.
// Properties:
// - errors are lal::fmp4 errors;
// - what is read lies inside the input: the size consumed, every sample's bytes;
// - the input cut one byte before the end of what was read is truncated,
//   unless its last box extends to the end of the input (size 0, ISO/IEC
//   14496-12 4.2): then the cut reads one byte less or fails with an error
//   of lal::fmp4;
// - tracks read from an init segment, written again, read back equal.
#include <cstdint>
#include <span>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/fmp4/init_segment.hpp>
#include <lal/fmp4/reader.hpp>

#include "fuzz_support.hpp"

namespace fmp4 = lal::fmp4;

namespace {

/// True when a top-level box within the first `size` bytes has size 0: it
/// extends to the end of the input (ISO/IEC 14496-12 4.2), so cutting the
/// input shortens it instead of truncating it.
bool has_box_to_end(std::span<const std::byte> in, std::size_t size) {
    std::size_t at = 0;
    while (at + 8 <= size) {
        std::uint64_t box = lal::load_be(in.data() + at, 4);
        if (box == 0) return true;
        if (box == 1) {
            if (at + 16 > size) return false;
            box = lal::load_be(in.data() + at + 8, 8);
        }
        if (box < 8 || box > size - at) return false;
        at += static_cast<std::size_t>(box);
    }
    return false;
}

/// The property of an input cut one byte before the end of what was read.
template <class Read>
void check_cut(const Read& cut, std::span<const std::byte> in, std::size_t size) {
    if (has_box_to_end(in, size)) {
        LAL_FUZZ_CHECK(cut ? cut->size == size - 1 : cut.error().category() == fmp4::category());
    } else {
        LAL_FUZZ_CHECK(!cut && cut.error() == fmp4::errc::truncated);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    const fmp4::reader_limits limits{.max_tracks = 4, .max_runs = 8, .max_samples = 4096};
    if (auto init = fmp4::read_init_segment(in, limits)) {
        LAL_FUZZ_CHECK(init->size <= in.size() && init->size > 0);
        LAL_FUZZ_CHECK(!init->tracks.empty() && init->tracks.size() <= limits.max_tracks);
        check_cut(fmp4::read_init_segment(in.first(init->size - 1), limits), in, init->size);
        std::vector<std::byte> again;
        if (!fmp4::append_init_segment(init->tracks, again)) {
            auto back = fmp4::read_init_segment(again, limits);
            LAL_FUZZ_CHECK(back.has_value() && back->tracks == init->tracks);
        }
    } else {
        LAL_FUZZ_CHECK(init.error().category() == fmp4::category());
    }
    if (auto frag = fmp4::read_fragment(in, limits)) {
        LAL_FUZZ_CHECK(frag->size <= in.size() && frag->size > 0);
        LAL_FUZZ_CHECK(!frag->runs.empty() && frag->runs.size() <= limits.max_runs);
        std::size_t samples = 0;
        for (const auto& r : frag->runs) {
            LAL_FUZZ_CHECK(r.samples.size() == r.data.size());
            samples += r.samples.size();
            for (std::size_t i = 0; i < r.data.size(); ++i) {
                LAL_FUZZ_CHECK(r.data[i].size() == r.samples[i].size);
                LAL_FUZZ_CHECK(r.data[i].empty() ||
                               (r.data[i].data() >= in.data() && r.data[i].data() + r.data[i].size() <= in.data() + frag->size));
            }
        }
        LAL_FUZZ_CHECK(samples <= limits.max_samples);
        check_cut(fmp4::read_fragment(in.first(frag->size - 1), limits), in, frag->size);
    } else {
        LAL_FUZZ_CHECK(frag.error().category() == fmp4::category());
    }
    return 0;
}
