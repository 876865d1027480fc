// SPDX-License-Identifier: MIT
// HTTP/3 frames (RFC 9114 7) and what rides in them. Properties:
// - frame_reader fed whole and fed in pieces gives the same frames and the
//   same error; errors are lal::h3's; payloads respect the limit;
// - the frames written back with append_frame read back identically;
// - SETTINGS that parse write back to the same entries; GOAWAY likewise;
// - HEADERS payloads that QPACK-decode re-encode and decode to the same
//   fields; the CONNECT check never throws; datagrams split and rejoin.
#include <cstdint>
#include <vector>

#include <lal/h3/frame.hpp>
#include <lal/h3/qpack.hpp>
#include <lal/h3/webtransport.hpp>

#include "fuzz_support.hpp"

namespace h3 = lal::h3;

namespace {

struct outcome {
    std::vector<h3::frame> frames;
    std::error_code error;
};

template <class Feeder>
outcome run(h3::frame_limits limits, Feeder&& feeder) {
    h3::frame_reader r(limits);
    outcome o;
    feeder([&](lal::byte_span piece) {
        o.error = r.feed(piece);
        while (auto f = r.next()) o.frames.push_back(std::move(*f));
        return !o.error;
    });
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = lal::fuzz::bytes_of(data, size);
    h3::frame_limits limits;
    if (lal::fuzz::seed_of(in) % 4 == 0) limits.max_payload = lal::fuzz::seed_of(in) % 64;

    const auto whole = run(limits, [&](auto&& feed) { feed(in); });
    const auto pieces = run(limits, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole.frames == pieces.frames);
    LAL_FUZZ_CHECK(whole.error == pieces.error);
    LAL_FUZZ_CHECK(!whole.error || whole.error.category() == h3::category());

    std::vector<std::byte> rebuilt;
    for (const auto& f : whole.frames) {
        LAL_FUZZ_CHECK(f.payload.size() <= limits.max_payload);
        h3::append_frame(f.type, f.payload, rebuilt);
        if (f.type == h3::frame_type::settings) {
            auto s = h3::parse_settings(f.payload);
            if (s) {
                std::vector<std::byte> again;
                h3::append_settings(*s, again);
                h3::frame_reader r;
                LAL_FUZZ_CHECK(!r.feed(again));
                auto back = r.next();
                LAL_FUZZ_CHECK(back && h3::parse_settings(back->payload).value() == *s);
            } else {
                LAL_FUZZ_CHECK(s.error().category() == h3::category());
            }
        } else if (f.type == h3::frame_type::goaway) {
            if (auto id = h3::parse_goaway(f.payload)) {
                std::vector<std::byte> again;
                h3::append_goaway(*id, again);
                h3::frame_reader r;
                LAL_FUZZ_CHECK(!r.feed(again));
                LAL_FUZZ_CHECK(h3::parse_goaway(r.next()->payload).value() == *id);
            }
        } else if (f.type == h3::frame_type::headers) {
            auto fields = h3::decode_field_section(f.payload);
            if (fields) {
                auto back = h3::decode_field_section(h3::encode_field_section(*fields), {1 << 20, 1 << 10});
                LAL_FUZZ_CHECK(back && *back == *fields);
                auto request = h3::parse_connect_request(*fields);
                LAL_FUZZ_CHECK(request || request.error() == h3::errc::bad_request);
            } else {
                LAL_FUZZ_CHECK(fields.error() == h3::errc::qpack_failed ||
                               fields.error() == h3::errc::field_section_too_large);
            }
        }
    }
    const auto again = run(limits, [&](auto&& feed) { feed(rebuilt); });
    LAL_FUZZ_CHECK(!again.error && again.frames == whole.frames);

    if (auto d = h3::parse_datagram(in)) {
        LAL_FUZZ_CHECK(d->stream_id % 4 == 0);
        std::vector<std::byte> out;
        h3::append_datagram(d->stream_id, d->payload, out);
        auto back = h3::parse_datagram(out);
        LAL_FUZZ_CHECK(back && back->stream_id == d->stream_id &&
                       lal::fuzz::to_bytes(back->payload) == lal::fuzz::to_bytes(d->payload));
    }
    return 0;
}
