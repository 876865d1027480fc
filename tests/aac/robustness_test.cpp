// SPDX-License-Identifier: MIT
// Truncated, oversized and random input: every parser returns an error or a
// value and never reads out of bounds (the sanitizer build checks the latter).
#include <catch2/catch.hpp>

#include <random>

#include <lal/aac/adts.hpp>
#include <lal/aac/adts_splitter.hpp>
#include <lal/aac/audio_specific_config.hpp>

#include "hex.hpp"

using namespace lal::aac;
using lal::test::hex;

namespace {

// A parsed config must build, and the built bytes must parse to the same config.
void check_round_trip(const audio_specific_config& asc) {
    std::vector<std::byte> bytes;
    REQUIRE_FALSE(append_asc(asc, bytes));
    auto again = parse_asc(bytes);
    REQUIRE(again.has_value());
    REQUIRE(*again == asc);
}

}  // namespace

TEST_CASE("every prefix of a valid config parses or is truncated", "[aac][asc][robustness]") {
    for (const auto* text : {"12 10", "12 10 56 e5 00", "2b 11 88 00", "eb 09 88 00",
                             "13 10 56 e5 9d 48 80", "f9 48 59 40", "17 80 49 d4 08", "b9 8c 00",
                             "11 80 04 c8 48 00 20 08 c8 20 0d 4c 61 76 63 35 39 2e 33 37 2e 31 30 "
                             "30 56 e5 00"}) {
        auto full = hex(text);
        for (std::size_t n = 0; n < full.size(); ++n) {
            auto r = parse_asc(std::span(full).first(n));
            if (r) {
                check_round_trip(*r);
            } else {
                INFO(text << " cut at " << n);
                CHECK(r.error() == errc::truncated);
            }
        }
        // Each needs at least its core fields.
        CHECK_FALSE(parse_asc(std::span(full).first(1)).has_value());
    }
}

TEST_CASE("random bytes never break the ASC parser, and what parses round-trips",
          "[aac][asc][robustness]") {
    std::mt19937 rng(20240601);
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::byte> in(rng() % 40);
        for (auto& b : in) b = static_cast<std::byte>(rng());
        // Bias half the inputs towards channel configuration 0 (PCE) and SBR.
        if (i % 2 && in.size() >= 2) {
            in[0] = static_cast<std::byte>((i % 4) ? 0x11 : 0x29);
            in[1] &= std::byte{0x87};
        }
        auto r = parse_asc(in);
        if (r) {
            ++parsed;
            check_round_trip(*r);
        }
    }
    CHECK(parsed > 1000);
}

TEST_CASE("random bytes never break the ADTS parsers or the splitter", "[aac][adts][robustness]") {
    std::mt19937 rng(99);
    int frames = 0;
    for (int i = 0; i < 5000; ++i) {
        std::vector<std::byte> in(rng() % 64);
        for (auto& b : in) b = static_cast<std::byte>(rng());
        if (i % 2 && in.size() >= 7) {  // syncword and a plausible length half of the time
            in[0] = std::byte{0xff};
            in[1] = (in[1] & std::byte{0x09}) | std::byte{0xf0};
            auto length = static_cast<unsigned>(rng() % (in.size() + 4));
            in[3] = (in[3] & std::byte{0xfc}) | static_cast<std::byte>(length >> 11);
            in[4] = static_cast<std::byte>(length >> 3);
            in[5] = (in[5] & std::byte{0x1f}) | static_cast<std::byte>((length & 7) << 5);
        }
        auto h = parse_adts_header(in);
        if (h) {
            CHECK(h->frame_length >= h->header_size());
            std::vector<std::byte> out;
            CHECK_FALSE(append_adts_header(*h, out));
            auto again = parse_adts_header(out);
            REQUIRE(again.has_value());
            CHECK(*again == *h);
        }
        auto f = parse_adts_frame(in);
        if (f) {
            ++frames;
            CHECK(f->raw.data() >= in.data());
            CHECK(f->raw.data() + f->raw.size() <= in.data() + in.size());
        }
        adts_splitter s;
        (void)s.feed(in);
        while (auto p = s.next()) CHECK(p->size() >= adts_header_size);
    }
    CHECK(frames > 100);
}

TEST_CASE("an ADTS length field larger than the data is truncated, not overread",
          "[aac][adts][robustness]") {
    // frame_length 8191 with 7 bytes of data.
    auto in = hex("ff f1 50 83 ff ff fc");
    auto h = parse_adts_header(in);
    REQUIRE(h.has_value());
    CHECK(h->frame_length == 8191);
    CHECK(parse_adts_frame(in).error() == errc::truncated);
    adts_splitter s;
    CHECK_FALSE(s.feed(in));
    CHECK_FALSE(s.next().has_value());
    CHECK(s.finish() == errc::truncated);
}

TEST_CASE("every prefix of an ADTS frame with CRC is truncated", "[aac][adts][robustness]") {
    adts_header h;
    h.has_crc = true;
    h.frame_length = 12;
    h.crc = 0x5a5a;
    std::vector<std::byte> frame;
    REQUIRE_FALSE(append_adts_header(h, frame));
    frame.insert(frame.end(), {std::byte{1}, std::byte{2}, std::byte{3}});
    for (std::size_t n = 0; n < frame.size(); ++n) {
        auto part = std::span(frame).first(n);
        if (n < 9) CHECK(parse_adts_header(part).error() == errc::truncated);
        CHECK(parse_adts_frame(part).error() == errc::truncated);
    }
    auto f = parse_adts_frame(frame);
    REQUIRE(f.has_value());
    CHECK(f->raw.size() == 3);
}
