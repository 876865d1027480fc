// SPDX-License-Identifier: MIT
// The chunked transfer coding (RFC 9112 7.1): chunk-size lines with
// extensions, data, the last chunk and trailer fields.
// Properties:
// - every decode() call makes progress or ends (no input left, done, or error);
// - the same data, trailers, bytes used and error whether fed whole or in pieces;
// - data never exceeds the bytes used, trailers stay within their limits;
// - the decoded data, coded again with append_chunk + last_chunk, decodes back
//   to itself with every byte used.
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/http/chunked.hpp>

#include "fuzz_support.hpp"

namespace http = lal::http;

namespace {

struct outcome {
    std::vector<std::byte> data;
    std::vector<std::string> trailers;
    std::size_t used = 0;
    bool done = false;
    std::error_code error;
    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome decode(const http::chunk_limits& limits, Feeder&& feeder) {
    http::chunk_decoder d(limits);
    outcome o;
    feeder([&](lal::byte_span piece) {
        auto rest = piece;
        for (;;) {
            auto before = rest.size();
            auto run = d.decode(rest);
            if (!run) {
                o.error = run.error();
                return false;
            }
            LAL_FUZZ_CHECK(rest.size() <= before);
            o.data.insert(o.data.end(), run->begin(), run->end());
            if (run->empty()) {
                // Nothing decoded: the piece is used up or the body is over.
                LAL_FUZZ_CHECK(rest.empty() || d.done());
                break;
            }
        }
        o.used += piece.size() - rest.size();
        return !d.done();
    });
    o.done = d.done();
    if (o.error) o.used = 0;  // where a dead decoder stopped depends on the cut
    LAL_FUZZ_CHECK(d.data_bytes() == o.data.size());
    for (const auto& f : d.trailers()) o.trailers.push_back(f.name + ':' + f.value);
    LAL_FUZZ_CHECK(d.trailers().size() <= limits.max_trailers);
    return o;
}

void check_recode(const std::vector<std::byte>& data, std::uint32_t seed) {
    // Cut the data into a few payloads, coded as one or more chunks.
    std::vector<lal::payload> pieces;
    std::size_t step = 1 + seed % 97;
    for (std::size_t at = 0; at < data.size(); at += step) {
        pieces.push_back(lal::payload::copy_from(lal::byte_span(data).subspan(at, std::min(step, data.size() - at))));
    }
    std::vector<lal::payload> coded;
    for (std::size_t i = 0; i < pieces.size(); i += 3) {
        auto n = std::min<std::size_t>(3, pieces.size() - i);
        http::append_chunk(std::span<const lal::payload>(pieces).subspan(i, n), coded);
    }
    coded.push_back(http::last_chunk());
    std::vector<std::byte> wire;
    for (const auto& p : coded) wire.insert(wire.end(), p.bytes().begin(), p.bytes().end());

    auto back = decode({}, [&](auto&& feed) { feed(lal::byte_span(wire)); });
    LAL_FUZZ_CHECK(!back.error && back.done);
    LAL_FUZZ_CHECK(back.used == wire.size());
    LAL_FUZZ_CHECK(back.data == data);
    LAL_FUZZ_CHECK(back.trailers.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    http::chunk_limits limits;
    if (seed % 4 == 0) {
        limits.max_chunk_line = 3 + seed % 40;
        limits.max_trailer_bytes = (seed >> 8) % 200;
        limits.max_trailers = (seed >> 16) % 5;
    }

    auto whole = decode(limits, [&](auto&& feed) { feed(in); });
    auto pieces = decode(limits, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    if (!whole.error) LAL_FUZZ_CHECK(whole.data.size() <= whole.used);
    LAL_FUZZ_CHECK(whole.used <= in.size());
    if (!whole.error) check_recode(whole.data, seed);
    return 0;
}
