// SPDX-License-Identifier: MIT
// H.264 framing: Annex-B byte streams, length-prefixed (AVCC) samples
// (ISO/IEC 14496-15), their conversions, the incremental annexb_splitter,
// access_unit_assembler and emulation prevention (ITU-T H.264 7.4.1, Annex B).
// Properties:
// - split_annexb and the annexb_splitter (fed whole or in pieces) find the
//   same NAL units; units are views inside the input, never empty;
// - Annex-B -> AVCC -> NAL units and AVCC -> Annex-B -> NAL units give the
//   units back; a failed conversion leaves the output as it was;
// - access units hold every NAL unit exactly once, in order;
// - emulation prevention: remove(append(x)) == x when x ends in a non-zero
//   byte, and append(x) always holds no
//   00 00 0[0-2] and does not end in 00.
#include <cstdint>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/avc/access_unit.hpp>
#include <lal/avc/annexb_splitter.hpp>
#include <lal/avc/emulation_prevention.hpp>
#include <lal/avc/nalu.hpp>

#include "fuzz_support.hpp"

namespace avc = lal::avc;
using units = std::vector<std::vector<std::byte>>;

namespace {

units copy_units(const std::vector<lal::byte_span>& views) {
    units out;
    for (auto v : views) out.push_back(lal::fuzz::to_bytes(v));
    return out;
}

bool inside(lal::byte_span part, lal::byte_span whole) {
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

struct splitter_outcome {
    units nals;
    std::error_code error;
    friend bool operator==(const splitter_outcome&, const splitter_outcome&) = default;
};

template <class Feeder>
splitter_outcome run_splitter(Feeder&& feeder) {
    avc::annexb_splitter s;
    splitter_outcome o;
    feeder([&](lal::byte_span piece) {
        auto ec = s.feed(piece);
        while (auto n = s.next()) o.nals.push_back(lal::fuzz::to_bytes(n->bytes()));
        if (ec) o.error = ec;
        return !ec;
    });
    if (!o.error) {
        o.error = s.finish();
        while (auto n = s.next()) o.nals.push_back(lal::fuzz::to_bytes(n->bytes()));
    }
    return o;
}

// A unit survives a trip through start codes when it has no byte pattern a
// splitter would take for a start code or trailing zeros.
bool annexb_safe(const std::vector<std::byte>& nal) {
    if (nal.empty() || nal.back() == std::byte{0}) return false;
    for (std::size_t i = 0; i + 2 < nal.size(); ++i) {
        if (nal[i] == std::byte{0} && nal[i + 1] == std::byte{0} &&
            std::to_integer<unsigned>(nal[i + 2]) <= 1) {
            return false;
        }
    }
    return true;
}

void check_annexb(lal::byte_span in, std::size_t length_size) {
    auto split = avc::split_annexb(in);
    auto whole = run_splitter([&](auto&& feed) { feed(in); });
    auto pieces = run_splitter([&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    if (!split) {
        LAL_FUZZ_CHECK(split.error() == avc::errc::missing_start_code);
        LAL_FUZZ_CHECK(whole.error == avc::errc::missing_start_code);
        return;
    }
    for (auto nal : *split) LAL_FUZZ_CHECK(!nal.empty() && inside(nal, in));
    auto nals = copy_units(*split);
    LAL_FUZZ_CHECK(!whole.error);
    LAL_FUZZ_CHECK(whole.nals == nals);

    // Annex-B -> AVCC -> units.
    std::vector<std::byte> avcc{std::byte{0x5a}};
    auto ec = avc::annexb_to_avcc(in, length_size, avcc);
    if (ec) {
        LAL_FUZZ_CHECK(ec == avc::errc::nal_unit_too_large);
        LAL_FUZZ_CHECK(avcc.size() == 1);
    } else {
        auto back = avc::split_avcc(lal::byte_span(avcc).subspan(1), length_size);
        LAL_FUZZ_CHECK(back.has_value());
        LAL_FUZZ_CHECK(copy_units(*back) == nals);
    }

    // Access units: every unit once, in order.
    avc::access_unit_assembler assembler;
    units regrouped;
    auto collect = [&] {
        while (auto au = assembler.next()) {
            LAL_FUZZ_CHECK(!au->nal_units.empty());
            for (const auto& n : au->nal_units) regrouped.push_back(lal::fuzz::to_bytes(n.bytes()));
        }
    };
    for (const auto& n : nals) {
        LAL_FUZZ_CHECK(!assembler.push(lal::payload::copy_from(lal::byte_span(n))));
        collect();
    }
    assembler.finish();
    collect();
    LAL_FUZZ_CHECK(regrouped == nals);
}

void check_avcc(lal::byte_span in, std::size_t length_size) {
    auto split = avc::split_avcc(in, length_size);
    std::vector<std::byte> annexb{std::byte{0xa5}};
    auto ec = avc::avcc_to_annexb(in, length_size, annexb);
    if (!split) {
        LAL_FUZZ_CHECK(ec == split.error());
        LAL_FUZZ_CHECK(annexb.size() == 1);
        return;
    }
    LAL_FUZZ_CHECK(!ec);
    std::size_t total = 0;
    bool safe = true;
    for (auto nal : *split) {
        LAL_FUZZ_CHECK(!nal.empty() && inside(nal, in));
        total += length_size + nal.size();
        safe = safe && annexb_safe(lal::fuzz::to_bytes(nal));
    }
    LAL_FUZZ_CHECK(total <= in.size());
    if (!safe) return;
    auto back = avc::split_annexb(lal::byte_span(annexb).subspan(1));
    LAL_FUZZ_CHECK(back.has_value());
    LAL_FUZZ_CHECK(copy_units(*back) == copy_units(*split));
}

void check_emulation_prevention(lal::byte_span in) {
    std::vector<std::byte> escaped;
    avc::append_emulation_prevention(in, escaped);
    LAL_FUZZ_CHECK(escaped.size() >= in.size());
    LAL_FUZZ_CHECK(escaped.size() <= in.size() + in.size() / 2 + 1);
    LAL_FUZZ_CHECK(escaped.empty() || escaped.back() != std::byte{0});
    for (std::size_t i = 0; i + 2 < escaped.size(); ++i) {
        bool zeros = escaped[i] == std::byte{0} && escaped[i + 1] == std::byte{0};
        LAL_FUZZ_CHECK(!zeros || std::to_integer<unsigned>(escaped[i + 2]) >= 3);
    }
    // A final 0x00 gets a 0x03 after it that readers keep (7.4.1 allows a
    // trailing 0x00 only as part of a cabac_zero_word), so only RBSPs that end
    // in a non-zero byte come back unchanged.
    if (!in.empty() && in.back() != std::byte{0}) {
        LAL_FUZZ_CHECK(avc::remove_emulation_prevention(escaped) == lal::fuzz::to_bytes(in));
    }
    LAL_FUZZ_CHECK(avc::remove_emulation_prevention(in).size() <= in.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    static constexpr std::size_t length_sizes[] = {1, 2, 4, 4};
    auto length_size = length_sizes[lal::fuzz::seed_of(in) % 4];
    check_annexb(in, length_size);
    check_avcc(in, length_size);
    check_emulation_prevention(in);
    return 0;
}
