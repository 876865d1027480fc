// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <vector>

#include <lal/avc/nalu.hpp>

#include "hex.hpp"
#include "stamp.hpp"

namespace {

// An AVC NALU video tag body (FLV spec E.4.3.1): key frame, CTS 0, then two
// NAL units (an IDR slice and a non-IDR slice) with `length_size`-byte lengths.
std::vector<std::byte> frame_body(std::size_t length_size) {
    auto body = lal::test::hex("17 01 00 00 00");
    for (auto nal : {lal::test::hex("65 88 84 00 33"), lal::test::hex("41 9a 00 00 01 02")}) {
        REQUIRE_FALSE(lal::avc::append_avcc_nal(nal, length_size, body));
    }
    return body;
}

}  // namespace

TEST_CASE("a stamp goes in front of the frame's NAL units and reads back", "[lalbench][stamp]") {
    for (std::size_t length_size : {1u, 2u, 4u}) {
        // Numbers full of zero bytes, which need emulation prevention (H.264 7.4.1).
        for (lalbench::stamp s : {lalbench::stamp{0, 0}, lalbench::stamp{1, 0x300}, lalbench::stamp{0x10000, 0x0000000100000003},
                                  lalbench::stamp{0xffffffffffffffff, 0x0102030405060708}}) {
            auto body = frame_body(length_size);
            auto stamped = lalbench::stamp_video_body(body, length_size, s);
            REQUIRE_FALSE(stamped.empty());
            CHECK(lalbench::find_stamp(stamped.bytes(), length_size) == s);
            // The prefix a player keeps is enough.
            auto prefix = stamped.bytes().first(std::min(stamped.size(), lalbench::stamp_prefix_size));
            CHECK(lalbench::find_stamp(prefix, length_size) == s);

            // The header is kept, and the original NAL units follow the SEI unchanged.
            CHECK(std::equal(body.begin(), body.begin() + 5, stamped.bytes().begin()));
            auto nals = lal::avc::split_avcc(stamped.bytes().subspan(5), length_size);
            REQUIRE(nals);
            REQUIRE(nals->size() == 3);
            CHECK(std::to_integer<int>((*nals)[0][0]) == 0x06);  // nal_unit_type 6: SEI
            auto original = lal::avc::split_avcc(lal::byte_span(body).subspan(5), length_size);
            REQUIRE(original);
            CHECK(std::equal((*nals)[1].begin(), (*nals)[1].end(), (*original)[0].begin(), (*original)[0].end()));
            CHECK(std::equal((*nals)[2].begin(), (*nals)[2].end(), (*original)[1].begin(), (*original)[1].end()));
            // No start code can appear inside the SEI NAL unit.
            auto sei = (*nals)[0];
            for (std::size_t i = 0; i + 2 < sei.size(); ++i) {
                bool start_code = sei[i] == std::byte{0} && sei[i + 1] == std::byte{0} &&
                                  std::to_integer<int>(sei[i + 2]) <= 2;  // 00 00 03 is the escape itself
                CHECK_FALSE(start_code);
            }
        }
    }
}

TEST_CASE("frames without a stamp, cut short or of another codec have none", "[lalbench][stamp]") {
    auto body = frame_body(4);
    CHECK_FALSE(lalbench::find_stamp(body, 4));
    auto stamped = lalbench::stamp_video_body(body, 4, {7, 9});
    CHECK_FALSE(lalbench::find_stamp(stamped.bytes().first(30), 4));  // the SEI is cut
    CHECK_FALSE(lalbench::find_stamp(stamped.bytes(), 2));             // read with the wrong length size
    auto other_uuid = std::vector<std::byte>(stamped.bytes().begin(), stamped.bytes().end());
    other_uuid[12] ^= std::byte{0x01};  // first uuid byte after NAL header, type and size (no escapes there)
    CHECK_FALSE(lalbench::find_stamp(other_uuid, 4));

    // Not AVC NALU: a sequence header, H.263 (codec 2), too short.
    CHECK(lalbench::stamp_video_body(lal::test::hex("17 00 00 00 00 01 64 00 1f ff"), 4, {}).empty());
    CHECK(lalbench::stamp_video_body(lal::test::hex("22 00 00 00 00 00"), 4, {}).empty());
    CHECK(lalbench::stamp_video_body(lal::test::hex("17 01 00"), 4, {}).empty());
    CHECK(lalbench::stamp_video_body(body, 3, {}).empty());
}

TEST_CASE("the NAL length size comes from the AVC sequence header", "[lalbench][stamp]") {
    // AVCDecoderConfigurationRecord: version 1, profile 0x64, compat 0, level 0x1f, 0xfc | lengthSizeMinusOne.
    CHECK(lalbench::sequence_header_length_size(lal::test::hex("17 00 00 00 00 01 64 00 1f ff e1")) == 4u);
    CHECK(lalbench::sequence_header_length_size(lal::test::hex("17 00 00 00 00 01 64 00 1f fd e1")) == 2u);
    CHECK(lalbench::sequence_header_length_size(lal::test::hex("17 00 00 00 00 01 64 00 1f fc e1")) == 1u);
    CHECK_FALSE(lalbench::sequence_header_length_size(lal::test::hex("17 00 00 00 00 01 64 00 1f fe e1")));  // 3
    CHECK_FALSE(lalbench::sequence_header_length_size(lal::test::hex("17 01 00 00 00 01 64 00 1f ff e1")));  // a frame
    CHECK_FALSE(lalbench::sequence_header_length_size(lal::test::hex("17 00 00 00 00 01 64")));           // short
}
