// SPDX-License-Identifier: MIT
// SRT stream ids (the access-control convention, SRS's and lalmax's forms).
// Properties:
// - an accepted id names a non-empty app and stream without '/', spaces or
//   control characters, and fits in 512 bytes;
// - to_string of an accepted id parses back equal (a fixed point);
// - errors are lal::srt's and map to a 14xx reject code;
// - the TS message packer gives back the input's bytes in order, in messages
//   of at most 1316 bytes, whatever the cuts.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <lal/srt/message_packer.hpp>
#include <lal/srt/stream_id.hpp>

#include "fuzz_support.hpp"

namespace srt = lal::srt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = lal::fuzz::text_of(data, size);
    auto id = srt::parse_stream_id(text);
    if (!id) {
        LAL_FUZZ_CHECK(id.error().category() == srt::category());
        const int code = srt::reject_code(id.error());
        LAL_FUZZ_CHECK(code >= 1400 && code < 1500);
    } else {
        LAL_FUZZ_CHECK(size <= srt::max_stream_id_size);
        LAL_FUZZ_CHECK(!id->app.empty() && !id->stream.empty());
        LAL_FUZZ_CHECK(id->stream.find('/') == std::string::npos && id->app.find('/') == std::string::npos);
        LAL_FUZZ_CHECK(id->stream.find(' ') == std::string::npos);
        for (char c : id->app + id->stream + id->query) LAL_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20);
        const auto printed = srt::to_string(*id);
        auto again = srt::parse_stream_id(printed);
        if (printed.size() <= srt::max_stream_id_size) {
            LAL_FUZZ_CHECK(again.has_value());
            LAL_FUZZ_CHECK(*again == *id);
            LAL_FUZZ_CHECK(srt::to_string(*again) == printed);
        }
    }

    const auto bytes = lal::fuzz::bytes_of(data, size);
    srt::message_packer packer(size % 5 == 0 ? srt::live_message_size : 1 + size % 300);
    std::vector<std::byte> out;
    auto sink = [&](lal::byte_span m) {
        LAL_FUZZ_CHECK(!m.empty() && m.size() <= srt::live_message_size);
        out.insert(out.end(), m.begin(), m.end());
    };
    const std::size_t step = 1 + lal::fuzz::seed_of(bytes) % 2000;
    for (std::size_t at = 0; at < bytes.size(); at += step) packer.add(bytes.subspan(at, std::min(step, bytes.size() - at)), sink);
    packer.flush(sink);
    LAL_FUZZ_CHECK(out.size() == bytes.size() && std::equal(out.begin(), out.end(), bytes.begin()));
    return 0;
}
