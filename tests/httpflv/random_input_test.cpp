// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <lal/httpflv/chunked.hpp>
#include <lal/httpflv/pull_session.hpp>
#include <lal/httpflv/request_parser.hpp>
#include <lal/httpflv/response_parser.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/httpflv/url.hpp>

#include "hex.hpp"

namespace {

/// Random bytes biased toward HTTP's own characters, so parsers get deep.
std::vector<std::byte> random_input(std::mt19937& rng, std::size_t max_len) {
    static constexpr std::string_view alphabet = "GET HTTP/1.1\r\n:;%0aF \t/?chunked-Length200";
    std::uniform_int_distribution<std::size_t> len_dist(0, max_len);
    std::uniform_int_distribution<int> byte_dist(0, 255);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::vector<std::byte> out(len_dist(rng));
    for (auto& b : out) {
        b = (byte_dist(rng) < 200) ? static_cast<std::byte>(alphabet[pick(rng)])
                                   : static_cast<std::byte>(byte_dist(rng));
    }
    return out;
}

/// Mutates a valid message: flips, inserts and deletes a few bytes.
std::vector<std::byte> mutate(std::mt19937& rng, std::string_view valid) {
    auto out = lal::test::bytes_of(valid);
    std::uniform_int_distribution<int> op(0, 2);
    std::uniform_int_distribution<int> count(1, 4);
    for (int n = count(rng); n > 0 && !out.empty(); --n) {
        std::uniform_int_distribution<std::size_t> at(0, out.size() - 1);
        auto i = at(rng);
        switch (op(rng)) {
            case 0: out[i] = static_cast<std::byte>(rng() & 0xff); break;
            case 1: out.insert(out.begin() + static_cast<std::ptrdiff_t>(i), static_cast<std::byte>(rng() & 0xff)); break;
            default: out.erase(out.begin() + static_cast<std::ptrdiff_t>(i)); break;
        }
    }
    return out;
}

template <class Feed>
void feed_in_random_pieces(std::mt19937& rng, lal::byte_span in, Feed&& feed) {
    while (!in.empty()) {
        std::uniform_int_distribution<std::size_t> piece(1, in.size());
        auto n = piece(rng);
        feed(in.first(n));
        in = in.subspan(n);
    }
}

}  // namespace

TEST_CASE("random and mutated input never crashes the parsers", "[httpflv][random]") {
    std::mt19937 rng(20240611);  // fixed seed: failures reproduce
    const std::string valid_request =
        "GET /live/a%20b.flv?x=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2;e\r\nab\r\n0\r\nT: 1\r\n\r\n";
    // A chunked 200 whose body is an FLV header and one 5-byte script tag.
    const std::string flv_body("FLV\x01\x05\x00\x00\x00\x09\x00\x00\x00\x00"
                               "\x12\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00" "hello" "\x00\x00\x00\x10", 13 + 11 + 5 + 4);
    const std::string valid_response =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n21\r\n" + flv_body + "\r\n0\r\n\r\n";
    {
        // The seeds themselves are valid: the FLV response yields its one tag.
        lal::httpflv::pull_session ps;
        (void)ps.begin(lal::httpflv::url{});
        REQUIRE_FALSE(ps.feed(lal::as_byte_span(valid_response)));
        int tags = 0;
        while (auto e = ps.next()) tags += std::holds_alternative<lal::flv::tag>(*e) ? 1 : 0;
        REQUIRE(tags == 1);
        lal::httpflv::request_parser rp;
        REQUIRE_FALSE(rp.feed(lal::as_byte_span(valid_request)));
        REQUIRE(rp.next());
    }
    lal::httpflv::request_limits rl;
    rl.max_request_line = 128;
    rl.max_header_bytes = 256;
    lal::httpflv::response_limits sl;
    sl.max_status_line = 128;
    sl.max_header_bytes = 256;

    std::size_t requests = 0;
    std::size_t events = 0;
    for (int i = 0; i < 4000; ++i) {
        std::vector<std::byte> in;
        switch (i % 3) {
            case 0: in = random_input(rng, 400); break;
            case 1: in = mutate(rng, valid_request); break;
            default: in = mutate(rng, valid_response); break;
        }
        lal::httpflv::request_parser rp(rl);
        feed_in_random_pieces(rng, in, [&](lal::byte_span piece) {
            (void)rp.feed(piece);
            while (auto r = rp.next()) {
                ++requests;
                (void)lal::httpflv::parse_flv_route(*r);
            }
        });
        lal::httpflv::response_parser sp(sl);
        feed_in_random_pieces(rng, in, [&](lal::byte_span piece) {
            (void)sp.feed(piece);
            while (sp.next()) ++events;
        });
        (void)sp.finish();
        while (sp.next()) ++events;

        lal::httpflv::pull_session ps;
        (void)ps.begin(lal::httpflv::url{});
        feed_in_random_pieces(rng, in, [&](lal::byte_span piece) {
            (void)ps.feed(piece);
            while (ps.next()) ++events;
        });
        (void)ps.finish();
        while (ps.next()) ++events;

        lal::httpflv::chunk_decoder cd;
        lal::byte_span rest = in;
        while (!rest.empty() && !cd.done()) {
            if (!cd.decode(rest)) break;
        }
        auto text = std::string(lal::as_string_view(in));
        (void)lal::httpflv::parse_url(text);
        (void)lal::httpflv::resolve_reference(lal::httpflv::url{}, text);
        (void)lal::httpflv::percent_decode_path(text);
    }
    // Mutations keep enough of the valid messages for the parsers to accept some.
    CHECK(requests > 0);
    CHECK(events > 0);
}
