// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <vector>

#include <lal/vp9/codec_configuration_record.hpp>

namespace vp9 = lal::vp9;

namespace {
std::vector<std::byte> bytes(std::initializer_list<unsigned> values) {
    std::vector<std::byte> out;
    for (unsigned v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}
}  // namespace

TEST_CASE("vpcC records ffmpeg (libvpx-vp9) writes parse with profile, depth and subsampling",
          "[vp9][vpcc]") {
    // ffmpeg 5.1 -c:v libvpx-vp9 into MP4: the vpcC box bodies, FullBox header first.
    auto p0 = vp9::parse_codec_configuration_record(bytes({1, 0, 0, 0, 0, 10, 0x82, 2, 2, 2, 0, 0}));  // yuv420p
    REQUIRE(p0);
    CHECK(p0->profile == 0);
    CHECK(p0->level == 10);
    CHECK(p0->bit_depth == 8);
    CHECK(p0->chroma_subsampling == vp9::chroma::yuv420_colocated);
    CHECK_FALSE(p0->video_full_range);
    CHECK(p0->matrix_coefficients == 2);
    CHECK(p0->codec_string() == "vp09.00.10.08");
    auto p2 = vp9::parse_codec_configuration_record(bytes({1, 0, 0, 0, 2, 10, 0xa2, 2, 2, 2, 0, 0}));  // yuv420p10le
    REQUIRE(p2);
    CHECK(p2->bit_depth == 10);
    CHECK(p2->codec_string() == "vp09.02.10.10");
    auto p1 = vp9::parse_codec_configuration_record(bytes({1, 0, 0, 0, 1, 10, 0x87, 2, 2, 0, 0, 0}));  // gbrp
    REQUIRE(p1);
    CHECK(p1->chroma_subsampling == vp9::chroma::yuv444);
    CHECK(p1->video_full_range);
    // The bare record (no FullBox header) reads the same.
    auto bare = vp9::parse_codec_configuration_record(bytes({0, 10, 0x82, 2, 2, 2, 0, 0}));
    REQUIRE(bare);
    CHECK(*bare == *p0);
}

TEST_CASE("a vpcC builds with its FullBox header and parses back", "[vp9][vpcc]") {
    vp9::codec_configuration_record r;
    r.profile = 2;
    r.level = 41;
    r.bit_depth = 12;
    r.chroma_subsampling = vp9::chroma::yuv420_vertical;
    r.video_full_range = true;
    r.colour_primaries = 9;
    r.transfer_characteristics = 16;
    r.matrix_coefficients = 9;
    std::vector<std::byte> out;
    vp9::append_codec_configuration_record(r, out);
    CHECK(out == bytes({1, 0, 0, 0, 2, 41, 0xc1, 9, 16, 9, 0, 0}));
    auto back = vp9::parse_codec_configuration_record(out);
    REQUIRE(back);
    CHECK(*back == r);
    CHECK(back->codec_string() == "vp09.02.41.12");
}

TEST_CASE("vpcC records VP9 cannot have are refused with the reason", "[vp9][vpcc]") {
    const auto good = bytes({1, 0, 0, 0, 0, 10, 0x82, 2, 2, 2, 0, 0});
    // Every cut short of the whole record is truncated, never read past.
    for (std::size_t n = 0; n < good.size(); ++n)
        CHECK(vp9::parse_codec_configuration_record(std::span(good).first(n)).error() == vp9::errc::truncated);
    using vp9::errc;
    auto err = [](std::initializer_list<unsigned> v) { return vp9::parse_codec_configuration_record(bytes(v)).error(); };
    CHECK(err({0, 0, 0, 0, 0, 10, 0x82, 2, 2, 2, 0, 0}) == errc::unsupported_version);
    CHECK(err({4, 10, 0x82, 2, 2, 2, 0, 0}) == errc::bad_profile);
    CHECK(err({0, 10, 0xa2, 2, 2, 2, 0, 0}) == errc::bad_bit_depth);   // profile 0 is 8-bit only
    CHECK(err({2, 10, 0x82, 2, 2, 2, 0, 0}) == errc::bad_bit_depth);   // profile 2 is 10 or 12
    CHECK(err({0, 10, 0x92, 2, 2, 2, 0, 0}) == errc::bad_bit_depth);   // 9 bits
    CHECK(err({0, 10, 0x86, 2, 2, 2, 0, 0}) == errc::bad_chroma_subsampling);  // 4:4:4 in profile 0
    CHECK(err({1, 10, 0x82, 2, 2, 2, 0, 0}) == errc::bad_chroma_subsampling);  // 4:2:0 in profile 1
    CHECK(err({1, 10, 0x8e, 2, 2, 2, 0, 0}) == errc::bad_chroma_subsampling);  // value 7
    CHECK(err({0, 10, 0x82, 2, 2, 2, 0, 2, 0xaa, 0xbb}) == errc::has_initialization_data);
    CHECK(err({0, 10, 0x82, 2, 2, 2, 0xff, 0xff, 0xaa}) == errc::truncated);  // 65535 bytes announced, 1 there
    CHECK(vp9::parse_codec_configuration_record(bytes({0, 10, 0x82, 2, 2, 2, 0, 0})).error().message() != "");
}
