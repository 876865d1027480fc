// SPDX-License-Identifier: MIT
// The cluster registry's records (examples/lal/cluster_record.*: stream ->
// server owner records and server load records). The server's sources are not
// in the fuzz build (LAL_BUILD_EXAMPLES=OFF), so this file compiles the
// sans-IO record codec directly.
// Properties:
// - any bytes: both decoders return a record or a lal.cluster error, never
//   read a record over max_record_size, nor a token over max_token_size;
// - a record read re-encodes to text that reads back equal (a fixed point);
// - a record built from the input's bytes encodes and decodes back equal
//   (decode(encode(x)) == x), and its text is within max_record_size.
#include <cstdint>
#include <string>

#include "../examples/lal/cluster_record.cpp"
#include "fuzz_support.hpp"

namespace cluster = lal::server::cluster;

namespace {

void check_error(std::error_code ec) {
    LAL_FUZZ_CHECK(ec && ec.category() == cluster::record_category());
    LAL_FUZZ_CHECK(ec.value() >= 1 && ec.value() <= static_cast<int>(cluster::record_errc::bad_flag));
}

void check_owner(const cluster::stream_owner& o) {
    LAL_FUZZ_CHECK(cluster::valid_token(o.server_id) && cluster::valid_token(o.host));
    LAL_FUZZ_CHECK(o.rtmp_port != 0);
}

// A token from `text` at `at`: printable ASCII of 1..max_token_size bytes.
std::string token_of(std::string_view text, std::size_t& at) {
    std::string t;
    while (at < text.size() && t.size() < cluster::max_token_size) {
        const auto c = static_cast<unsigned char>(text[at++]);
        if (c == ' ') break;
        t.push_back(static_cast<char>('!' + c % ('~' - '!' + 1)));
    }
    if (t.empty()) t = "x";
    return t;
}

std::uint64_t number_of(std::string_view text, std::size_t& at, std::size_t bytes) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < bytes && at < text.size(); ++i) v = v << 8 | static_cast<unsigned char>(text[at++]);
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = lal::fuzz::text_of(data, size);

    if (auto owner = cluster::parse_owner(text)) {
        LAL_FUZZ_CHECK(size <= cluster::max_record_size);
        check_owner(*owner);
        const auto again = cluster::encode(*owner);
        LAL_FUZZ_CHECK(again.size() <= size);  // the text may have had leading zeros
        auto back = cluster::parse_owner(again);
        LAL_FUZZ_CHECK(back && *back == *owner && cluster::encode(*back) == again);
    } else {
        check_error(owner.error());
    }
    if (auto load = cluster::parse_load(text)) {
        LAL_FUZZ_CHECK(size <= cluster::max_record_size);
        check_owner(load->server);
        auto back = cluster::parse_load(cluster::encode(*load));
        LAL_FUZZ_CHECK(back && *back == *load);
    } else {
        check_error(load.error());
    }

    // Records made from the input's bytes round-trip.
    std::size_t at = 0;
    cluster::server_load l;
    l.server.server_id = token_of(text, at);
    l.server.host = token_of(text, at);
    l.server.rtmp_port = static_cast<std::uint16_t>(number_of(text, at, 2) | 1);
    l.server.http_port = static_cast<std::uint16_t>(number_of(text, at, 2));
    l.edge = number_of(text, at, 1) & 1;
    l.players = number_of(text, at, 8);
    l.out_kbits = number_of(text, at, 8);
    l.streams = number_of(text, at, 8);
    const auto owner_text = cluster::encode(l.server);
    const auto load_text = cluster::encode(l);
    LAL_FUZZ_CHECK(load_text.size() <= cluster::max_record_size);
    auto owner_back = cluster::parse_owner(owner_text);
    LAL_FUZZ_CHECK(owner_back && *owner_back == l.server);
    auto load_back = cluster::parse_load(load_text);
    LAL_FUZZ_CHECK(load_back && *load_back == l);
    // An owner record is no load record, and the other way round.
    LAL_FUZZ_CHECK(cluster::parse_load(owner_text).error() == cluster::record_errc::field_count);
    LAL_FUZZ_CHECK(cluster::parse_owner(load_text).error() == cluster::record_errc::field_count);
    return 0;
}
