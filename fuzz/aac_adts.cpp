// SPDX-License-Identifier: MIT
// ADTS headers and frames (ISO/IEC 14496-3 1.A.2, 1.A.3) and the incremental
// adts_splitter.
// Properties:
// - a parsed header is written back to exactly the bytes it came from;
// - the splitter gives the same frames and error whether fed whole or in
//   pieces, never holds a whole frame back, and every frame parses with a
//   frame_length equal to its size;
// - a header -> AudioSpecificConfig -> ADTS header trip keeps object type,
//   rate and channels, and the config survives append_asc -> parse_asc.
#include <cstdint>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/aac/adts.hpp>
#include <lal/aac/adts_splitter.hpp>

#include "fuzz_support.hpp"

namespace aac = lal::aac;

namespace {

void check_header(lal::byte_span in) {
    auto h = aac::parse_adts_header(in);
    if (!h) return;
    LAL_FUZZ_CHECK(h->frame_length >= h->header_size());
    std::vector<std::byte> out;
    LAL_FUZZ_CHECK(!aac::append_adts_header(*h, out));
    LAL_FUZZ_CHECK(out.size() == h->header_size());
    LAL_FUZZ_CHECK(lal::fuzz::to_bytes(in.first(out.size())) == out);

    auto frame = aac::parse_adts_frame(in);
    if (frame) {
        LAL_FUZZ_CHECK(frame->header == *h);
        LAL_FUZZ_CHECK(frame->raw.size() + h->header_size() == h->frame_length);
    }
}

void check_conversion(const aac::adts_header& h, std::size_t raw_size) {
    auto asc = aac::to_audio_specific_config(h);
    LAL_FUZZ_CHECK(asc.object_type == h.object_type);
    LAL_FUZZ_CHECK(asc.sampling_frequency_index == h.sampling_frequency_index);
    if (h.channel_configuration != 0) {
        // With channel configuration 0 the PCE is in the raw data, not the config.
        std::vector<std::byte> config;
        LAL_FUZZ_CHECK(!aac::append_asc(asc, config));
        auto parsed = aac::parse_asc(config);
        LAL_FUZZ_CHECK(parsed.has_value() && *parsed == asc);
    }
    std::vector<std::byte> header;
    auto ec = aac::append_adts_header(asc, raw_size, header);
    if (ec) {
        LAL_FUZZ_CHECK(header.empty());
        return;
    }
    auto back = aac::parse_adts_header(header);
    LAL_FUZZ_CHECK(back.has_value());
    LAL_FUZZ_CHECK(back->object_type == h.object_type);
    LAL_FUZZ_CHECK(back->sampling_frequency_index == h.sampling_frequency_index);
    LAL_FUZZ_CHECK(back->channel_configuration == h.channel_configuration);
    LAL_FUZZ_CHECK(back->frame_length == aac::adts_header_size + raw_size);
}

struct outcome {
    std::vector<std::vector<std::byte>> frames;
    std::error_code error;
    std::error_code finish;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome split(Feeder&& feeder) {
    aac::adts_splitter s;
    outcome o;
    feeder([&](lal::byte_span piece) {
        auto ec = s.feed(piece);
        while (auto f = s.next()) o.frames.push_back(lal::fuzz::to_bytes(f->bytes()));
        if (ec) {
            o.error = ec;
            return false;
        }
        // Whole frames leave at once; what stays is less than one frame.
        LAL_FUZZ_CHECK(s.buffered() < aac::adts_max_frame_size);
        return true;
    });
    o.finish = s.finish();
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    check_header(in);

    auto whole = split([&](auto&& feed) { feed(in); });
    auto pieces = split([&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);

    std::size_t total = 0;
    for (const auto& f : whole.frames) {
        total += f.size();
        auto h = aac::parse_adts_header(f);
        LAL_FUZZ_CHECK(h.has_value());
        LAL_FUZZ_CHECK(h->frame_length == f.size());
        check_header(f);
        if (h->raw_data_blocks == 1) check_conversion(*h, f.size() - h->header_size());
    }
    LAL_FUZZ_CHECK(total <= in.size());
    return 0;
}
