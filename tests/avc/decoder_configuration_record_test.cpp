// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/avc/sps.hpp>

#include "hex.hpp"

using namespace lal::avc;
using lal::test::hex;
using lal::test::to_hex;

namespace {

// avcC bodies of the first AVC sequence header tag (after the 5-byte video
// tag header) of the test media FLVs.
const char* const main_avcc =  // tests/data/media/h264_aac_10s.flv
    "014d401effe10019674d401eda0280bfe5c044000003000400000300ca3c58ba8001000468ef3c80";
const char* const high_avcc =  // tests/data/media/h264_bframes_aac_5s.flv
    "0164001effe1001a6764001eacd940a02ff97011000003000100000300320f162d9601000468efbcb0fdf8f800";
// ffmpeg 5.1 -pix_fmt yuv444p -c:v libx264 -f flv (320x240): profile 244 with the extension.
const char* const high444_avcc =
    "01f4000dffe1001967f4000d919b28283f6022000003000200000300641e28532c01000668ebe3c44844fff8f800";

decoder_configuration_record round_trip(const char* text) {
    auto in = hex(text);
    auto rec = parse_decoder_configuration_record(in);
    REQUIRE(rec.has_value());
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_decoder_configuration_record(*rec, out));
    CHECK(to_hex(out) == to_hex(in));
    return *rec;
}

}  // namespace

TEST_CASE("avcC of the Main-profile test media", "[avc][avcc_record]") {
    auto rec = round_trip(main_avcc);
    CHECK(rec.configuration_version == 1);
    CHECK(rec.profile_indication == 77);
    CHECK(rec.profile_compatibility == 0x40);
    CHECK(rec.level_indication == 30);
    CHECK(rec.length_size == 4);
    REQUIRE(rec.sps.size() == 1);
    REQUIRE(rec.pps.size() == 1);
    CHECK(to_hex(rec.pps[0]) == "68ef3c80");
    CHECK_FALSE(rec.ext.has_value());
    CHECK(rec.codec_string() == "avc1.4D401E");
    // ffprobe on h264_aac_10s.flv: Main, 640x360, r_frame_rate 25/1.
    auto sps = parse_sps(rec.sps[0]);
    REQUIRE(sps.has_value());
    CHECK(sps->width() == 640);
    CHECK(sps->height() == 360);
    CHECK(*sps->frame_rate() == Approx(25));
}

TEST_CASE("avcC of the High-profile test media carries the extension", "[avc][avcc_record]") {
    auto rec = round_trip(high_avcc);
    CHECK(rec.profile_indication == 100);
    REQUIRE(rec.ext.has_value());
    CHECK(rec.ext->chroma_format == 1);
    CHECK(rec.ext->bit_depth_luma == 8);
    CHECK(rec.ext->bit_depth_chroma == 8);
    CHECK(rec.ext->sps_ext.empty());
    CHECK(rec.codec_string() == "avc1.64001E");
    // ffprobe on h264_bframes_aac_5s.flv: High, 640x360, 25/1.
    auto sps = parse_sps(rec.sps[0]);
    REQUIRE(sps.has_value());
    CHECK(sps->width() == 640);
    CHECK(sps->height() == 360);
    CHECK(*sps->frame_rate() == Approx(25));
}

TEST_CASE("avcC of a 4:4:4 stream (profile 244) carries the extension", "[avc][avcc_record]") {
    auto rec = round_trip(high444_avcc);
    REQUIRE(rec.ext.has_value());
    CHECK(rec.ext->chroma_format == 3);
    auto sps = parse_sps(rec.sps[0]);
    REQUIRE(sps.has_value());
    CHECK(sps->chroma_format_idc == 3);
    CHECK(sps->width() == 320);
    CHECK(sps->height() == 240);
}

TEST_CASE("avcC built from an SPS and a PPS", "[avc][avcc_record]") {
    auto main_rec = make_decoder_configuration_record(
        hex("674d401eda0280bfe5c044000003000400000300ca3c58ba80"), hex("68ef3c80"));
    REQUIRE(main_rec.has_value());
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_decoder_configuration_record(*main_rec, out));
    CHECK(to_hex(out) == main_avcc);

    auto high_rec = make_decoder_configuration_record(
        hex("6764001eacd940a02ff97011000003000100000300320f162d96"), hex("68efbcb0"));
    REQUIRE(high_rec.has_value());
    out.clear();
    REQUIRE_FALSE(append_decoder_configuration_record(*high_rec, out));
    CHECK(to_hex(out) == high_avcc);

    // High 4:2:2 (profile 122, from the SPS tests): the extension follows the SPS.
    auto hi422 = make_decoder_configuration_record(
        hex("677a001fbcd940a02ff8bc0440000003004000001903c60c6580"), hex("68ef"), 2);
    REQUIRE(hi422.has_value());
    CHECK(hi422->length_size == 2);
    REQUIRE(hi422->ext.has_value());
    CHECK(hi422->ext->chroma_format == 2);

    CHECK(make_decoder_configuration_record(hex("68ef"), hex("68ef")).error() == errc::not_sps);
    CHECK(make_decoder_configuration_record(hex("674d401eda0280bfe5c044000003000400000300ca3c58ba80"),
                                            {}).error() == errc::empty_nal_unit);
}

TEST_CASE("avcC with several parameter sets, SPS extensions and other length sizes",
          "[avc][avcc_record]") {
    decoder_configuration_record rec;
    rec.profile_indication = 110;
    rec.profile_compatibility = 0;
    rec.level_indication = 41;
    rec.length_size = 2;
    rec.sps = {hex("67 6e 00 29"), hex("67 6e 00 29 01")};
    rec.pps = {hex("68 01"), hex("68 02"), hex("68 03")};
    rec.ext = decoder_configuration_record::extension{2, 10, 12, {hex("6d 01 02")}};
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_decoder_configuration_record(rec, out));
    CHECK(to_hex(out) ==
          "016e0029fd" "e2" "0004676e0029" "0005676e002901" "03" "00026801" "00026802" "00026803"
          "fe" "fa" "fc" "01" "00036d0102");
    auto back = parse_decoder_configuration_record(out);
    REQUIRE(back.has_value());
    CHECK(*back == rec);

    SECTION("the extension is optional even for High profiles") {
        rec.ext.reset();
        out.clear();
        REQUIRE_FALSE(append_decoder_configuration_record(rec, out));
        auto again = parse_decoder_configuration_record(out);
        REQUIRE(again.has_value());
        CHECK_FALSE(again->ext.has_value());
    }
    SECTION("one-byte lengths") {
        rec.length_size = 1;
        out.clear();
        REQUIRE_FALSE(append_decoder_configuration_record(rec, out));
        CHECK(parse_decoder_configuration_record(out)->length_size == 1);
    }
}

TEST_CASE("avcC parse errors", "[avc][avcc_record][errors]") {
    auto patched = [](std::size_t at, unsigned value) {
        auto v = hex(main_avcc);
        v.at(at) = static_cast<std::byte>(value);
        return v;
    };
    auto parse = [](const std::vector<std::byte>& v) { return parse_decoder_configuration_record(v); };
    CHECK(parse_decoder_configuration_record({}).error() == errc::truncated);
    CHECK(parse(patched(0, 2)).error() == errc::unsupported_configuration_version);
    CHECK(parse(patched(4, 0xfe)).error() == errc::bad_length_size);  // lengthSizeMinusOne 2
    // SPS length 26 where 25 bytes remain before the cut.
    auto long_sps = patched(7, 0x1a);
    long_sps.resize(8 + 25);
    CHECK(parse(long_sps).error() == errc::truncated);
    CHECK(parse(patched(6, 0xff)).error() == errc::truncated);  // SPS length 0xff19
    CHECK(parse(patched(5, 0xff)).error() == errc::truncated);  // 31 SPSs announced
    CHECK(parse(hex("014d401effe10002 6742 01 0000")).error() == errc::empty_nal_unit);
    CHECK(parse(hex("014d401effe10002 6742")).error() == errc::truncated);  // no PPS count
    // High profile with a cut extension.
    auto high = hex(high_avcc);
    high.resize(high.size() - 2);
    CHECK(parse(high).error() == errc::truncated);
    // Main profile: trailing bytes are not an extension and are ignored.
    auto trailing = hex(main_avcc);
    trailing.push_back(std::byte{0xfd});
    CHECK(parse(trailing).has_value());
}

TEST_CASE("avcC builder refuses what does not fit", "[avc][avcc_record][errors]") {
    std::vector<std::byte> out;
    decoder_configuration_record rec;
    rec.length_size = 3;
    CHECK(append_decoder_configuration_record(rec, out) == errc::bad_length_size);
    rec = {};
    rec.sps.resize(32, hex("67"));
    CHECK(append_decoder_configuration_record(rec, out) == errc::too_many_parameter_sets);
    rec = {};
    rec.pps.resize(256, hex("68"));
    CHECK(append_decoder_configuration_record(rec, out) == errc::too_many_parameter_sets);
    rec = {};
    rec.sps.push_back(std::vector<std::byte>(65536, std::byte{0x67}));
    CHECK(append_decoder_configuration_record(rec, out) == errc::nal_unit_too_large);
    rec = {};
    rec.pps.emplace_back();
    CHECK(append_decoder_configuration_record(rec, out) == errc::empty_nal_unit);
    rec = {};
    rec.ext = decoder_configuration_record::extension{4, 8, 8, {}};
    CHECK(append_decoder_configuration_record(rec, out) == errc::bad_chroma_format);
    rec.ext = decoder_configuration_record::extension{1, 16, 8, {}};
    CHECK(append_decoder_configuration_record(rec, out) == errc::bad_bit_depth);
    CHECK(out.empty());
}
