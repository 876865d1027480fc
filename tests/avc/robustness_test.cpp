// SPDX-License-Identifier: MIT
// Truncated, oversized and random input: every parser returns an error or a
// value and never reads out of bounds (the sanitizer build checks the latter).
#include <catch2/catch.hpp>

#include <random>

#include <lal/avc/access_unit.hpp>
#include <lal/avc/annexb_splitter.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/nalu.hpp>
#include <lal/avc/sps.hpp>

#include "hex.hpp"
#include "sps_writer.hpp"

using namespace lal::avc;
using lal::test::hex;

namespace {

const char* const real_spses[] = {
    "674d401eda0280bfe5c044000003000400000300ca3c58ba80",
    "6764001eacd940a02ff97011000003000100000300320f162d96",
    "67f4001e919b281405ff1380880000030008000003019078b16cb0",
    "6764001eacd940a02ff97ff000500071000003000100000300320f162d96",
    "6764001eacd940a02ff97016e0202034a0000003002000000641e2c5b2c0",
    "67640028acd94078044fde0220000003002000000643e2c5b2c0",
};

void check_record_round_trip(const decoder_configuration_record& rec) {
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_decoder_configuration_record(rec, out));
    auto again = parse_decoder_configuration_record(out);
    REQUIRE(again.has_value());
    REQUIRE(*again == rec);
}

}  // namespace

TEST_CASE("every prefix of a real SPS parses or fails cleanly", "[avc][sps][robustness]") {
    for (const auto* text : real_spses) {
        auto nal = hex(text);
        for (std::size_t n = 0; n < nal.size(); ++n) {
            auto r = parse_sps(std::span(nal).first(n));
            // Cuts inside the last (bitstream restriction) fields are tolerated.
            if (r) {
                CHECK(r->width() > 0);
            } else {
                CHECK((r.error() == errc::truncated || r.error() == errc::empty_nal_unit));
            }
        }
    }
}

TEST_CASE("every prefix of a real avcC parses or is truncated", "[avc][avcc_record][robustness]") {
    for (const auto* text : {"014d401effe10019674d401eda0280bfe5c044000003000400000300ca3c58ba8001000468ef3c80",
                             "0164001effe1001a6764001eacd940a02ff97011000003000100000300320f162d9601000468efbcb0fdf8f800"}) {
        auto rec = hex(text);
        for (std::size_t n = 0; n < rec.size(); ++n) {
            auto r = parse_decoder_configuration_record(std::span(rec).first(n));
            if (r) {
                check_record_round_trip(*r);  // a High record cut before its extension
            } else {
                CHECK(r.error() == errc::truncated);
            }
        }
    }
}

TEST_CASE("random bytes never break the SPS parser", "[avc][sps][robustness]") {
    std::mt19937 rng(1234);
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::byte> nal(1 + rng() % 48);
        for (auto& b : nal) b = static_cast<std::byte>(rng());
        nal[0] = std::byte{0x67};
        if (i % 2 && nal.size() > 4) {
            // A common profile and small first fields make deeper parses likely.
            const std::uint8_t profiles[] = {66, 77, 100, 110, 122, 244};
            nal[1] = static_cast<std::byte>(profiles[rng() % 6]);
            nal[4] = (nal[4] & std::byte{0x0f}) | std::byte{0xb0};
        }
        auto s = parse_sps(nal);
        if (!s) continue;
        ++parsed;
        // What parses is within the ranges 7.4.2.1.1 sets and writes back.
        CHECK(s->width() > 0);
        CHECK(s->height() > 0);
        CHECK(s->width() <= 32768);
        CHECK(s->offset_for_ref_frame.size() <= 255);
        auto again = parse_sps(lal::test::write_sps(*s));
        REQUIRE(again.has_value());
        CHECK(*again == *s);
    }
    CHECK(parsed > 500);
}

TEST_CASE("random bytes never break the avcC parser, and what parses round-trips",
          "[avc][avcc_record][robustness]") {
    std::mt19937 rng(4321);
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        std::vector<std::byte> in(rng() % 48);
        for (auto& b : in) b = static_cast<std::byte>(rng());
        if (i % 3 == 2) {
            // A real record with a few bytes changed and a random cut.
            in = hex("0164001effe1001a6764001eacd940a02ff97011000003000100000300320f162d96"
                     "01000468efbcb0fdf8f800");
            for (auto flips = 1 + rng() % 3; flips > 0; --flips) in[rng() % in.size()] = static_cast<std::byte>(rng());
            in.resize(rng() % (in.size() + 1));
        } else if (in.size() > 8 && i % 3 == 1) {
            in[0] = std::byte{1};
            in[5] = in[5] & std::byte{0xe1};  // 0 or 1 SPS
            in[6] = std::byte{0};
            in[7] = static_cast<std::byte>(rng() % 8);  // short SPS
        }
        auto r = parse_decoder_configuration_record(in);
        if (!r) continue;
        ++parsed;
        check_record_round_trip(*r);
    }
    CHECK(parsed > 200);
}

TEST_CASE("random bytes never break Annex-B, AVCC and the splitters", "[avc][nalu][robustness]") {
    std::mt19937 rng(77);
    for (int i = 0; i < 5000; ++i) {
        std::vector<std::byte> in(rng() % 96);
        // Mostly 0, 1 and 3 so that start codes and escapes are common.
        for (auto& b : in) b = static_cast<std::byte>(rng() % 2 ? rng() % 4 : rng());
        auto annexb = split_annexb(in);
        for (auto length_size : {1u, 2u, 4u}) {
            auto avcc = split_avcc(in, length_size);
            if (avcc) {
                std::size_t total = 0;
                for (auto n : *avcc) {
                    CHECK(n.data() >= in.data());
                    CHECK(n.data() + n.size() <= in.data() + in.size());
                    total += length_size + n.size();
                }
                CHECK(total <= in.size());
            }
        }
        annexb_splitter splitter(64);
        access_unit_assembler assembler;
        std::vector<std::byte> via_splitter;
        auto ec = splitter.feed(in);
        if (!ec) ec = splitter.finish();
        while (auto nal = splitter.next()) {
            append_annexb_nal(nal->bytes(), true, via_splitter);
            CHECK_FALSE(assembler.push(std::move(*nal)));
        }
        assembler.finish();
        while (assembler.next()) {
        }
        if (annexb && !ec) {
            // Both ways of splitting agree on valid input.
            std::vector<std::byte> via_split;
            for (auto n : *annexb) append_annexb_nal(n, true, via_split);
            CHECK(via_split == via_splitter);
            // And the conversion round-trips unit by unit.
            std::vector<std::byte> avcc;
            REQUIRE_FALSE(annexb_to_avcc(in, 4, avcc));
            std::vector<std::byte> back;
            REQUIRE_FALSE(avcc_to_annexb(avcc, 4, back, start_code_style::always_four));
            CHECK(back == via_split);
        }
    }
}

TEST_CASE("every prefix of an AVCC sample splits or reports the cut", "[avc][nalu][robustness]") {
    auto sample = hex("00 00 00 02 09 f0 00 00 00 05 65 88 84 00 ff 00 00 00 01 41");
    for (std::size_t n = 0; n <= sample.size(); ++n) {
        auto r = split_avcc(std::span(sample).first(n), 4);
        if (r) {
            CHECK((n == 0 || n == 6 || n == 15 || n == 20));  // whole units only
        } else {
            CHECK((r.error() == errc::truncated || r.error() == errc::nal_length_exceeds_data));
        }
    }
}
