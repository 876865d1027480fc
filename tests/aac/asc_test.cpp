// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include <lal/aac/audio_specific_config.hpp>

#include "hex.hpp"

using namespace lal::aac;
using lal::test::hex;
using lal::test::to_hex;

namespace {

std::vector<std::byte> build(const audio_specific_config& asc) {
    std::vector<std::byte> out;
    auto ec = append_asc(asc, out);
    REQUIRE_FALSE(ec);
    return out;
}

// parse -> build -> parse gives the same config, and the same bytes when the
// input had no ignorable trailing bits.
audio_specific_config round_trip(const std::vector<std::byte>& in, bool same_bytes = true) {
    auto first = parse_asc(in);
    REQUIRE(first.has_value());
    auto bytes = build(*first);
    if (same_bytes) CHECK(to_hex(bytes) == to_hex(in));
    auto second = parse_asc(bytes);
    REQUIRE(second.has_value());
    CHECK(*second == *first);
    return *first;
}

}  // namespace

TEST_CASE("AAC-LC 44.1 kHz stereo config 12 10", "[aac][asc]") {
    auto asc = round_trip(hex("12 10"));
    CHECK(asc.object_type == object_types::aac_lc);
    CHECK(asc.sampling_frequency_index == 4);
    CHECK(asc.sampling_frequency == 44100u);
    CHECK(asc.channel_configuration == 2);
    CHECK(asc.signalling == sbr_signalling::implicit);
    CHECK_FALSE(asc.sbr_present);
    CHECK_FALSE(asc.ga.frame_length_flag);
    CHECK(asc.channel_count() == 2u);
    CHECK(asc.samples_per_frame() == 1024u);
    CHECK(asc.output_sampling_frequency() == 44100u);
    CHECK(asc.codec_string() == "mp4a.40.2");
    // The default-constructed config is this one.
    CHECK(to_hex(build(audio_specific_config{})) == "1210");
}

TEST_CASE("config from the test FLV carries a backward-compatible sync extension without SBR",
          "[aac][asc]") {
    // AAC sequence header of tests/data/media/h264_aac_10s.flv (ffmpeg's encoder).
    auto asc = round_trip(hex("12 10 56 e5 00"));
    CHECK(asc.object_type == 2);
    CHECK(asc.sampling_frequency == 44100u);
    CHECK(asc.signalling == sbr_signalling::backward_compatible);
    CHECK(asc.extension_object_type == object_types::sbr);
    CHECK_FALSE(asc.sbr_present);
    CHECK(asc.output_sampling_frequency() == 44100u);
    CHECK(asc.codec_string() == "mp4a.40.2");
}

TEST_CASE("HE-AAC with hierarchical SBR signalling (object type 5)", "[aac][asc][sbr]") {
    // 1.6.5: AOT 5, 24 kHz, stereo, extension 48 kHz, core AOT 2, GA all zero.
    auto asc = round_trip(hex("2b 11 88 00"));
    CHECK(asc.signalling == sbr_signalling::hierarchical);
    CHECK(asc.object_type == object_types::aac_lc);
    CHECK(asc.sampling_frequency_index == 6);
    CHECK(asc.sampling_frequency == 24000u);
    CHECK(asc.channel_configuration == 2);
    CHECK(asc.sbr_present);
    CHECK_FALSE(asc.ps_present);
    CHECK(asc.extension_sampling_frequency_index == 3);
    CHECK(asc.extension_sampling_frequency == 48000u);
    CHECK(asc.output_sampling_frequency() == 48000u);
    CHECK(asc.codec_string() == "mp4a.40.5");
}

TEST_CASE("HE-AAC v2 with hierarchical PS signalling (object type 29)", "[aac][asc][sbr]") {
    auto asc = round_trip(hex("eb 09 88 00"));
    CHECK(asc.signalling == sbr_signalling::hierarchical);
    CHECK(asc.object_type == object_types::aac_lc);
    CHECK(asc.sampling_frequency == 24000u);
    CHECK(asc.channel_configuration == 1);
    CHECK(asc.sbr_present);
    CHECK(asc.ps_present);
    CHECK(asc.extension_sampling_frequency == 48000u);
    CHECK(asc.codec_string() == "mp4a.40.29");
}

TEST_CASE("HE-AAC v2 with backward-compatible SBR and PS sync extensions", "[aac][asc][sbr]") {
    // AAC-LC 24 kHz stereo, then 0x2b7 / AOT 5 / sbr 1 / 48 kHz / 0x548 / ps 1.
    auto asc = round_trip(hex("13 10 56 e5 9d 48 80"));
    CHECK(asc.signalling == sbr_signalling::backward_compatible);
    CHECK(asc.object_type == 2);
    CHECK(asc.sampling_frequency == 24000u);
    CHECK(asc.sbr_present);
    CHECK(asc.ps_present);
    CHECK(asc.extension_sampling_frequency == 48000u);
    CHECK(asc.output_sampling_frequency() == 48000u);
    CHECK(asc.codec_string() == "mp4a.40.2");
}

TEST_CASE("escaped object types keep their undecoded config bits", "[aac][asc][escape]") {
    SECTION("USAC (42)") {
        // 11111 + 001010 (32 + 10), 44.1 kHz, stereo, then 13 bits of UsacConfig.
        auto asc = round_trip(hex("f9 48 59 40"));
        CHECK(asc.object_type == object_types::usac);
        CHECK(asc.sampling_frequency == 44100u);
        CHECK(asc.channel_configuration == 2);
        CHECK_FALSE(asc.is_general_audio());
        CHECK(asc.other_config_bits == 13);
        CHECK(to_hex(asc.other_config) == "ca00");
        CHECK_FALSE(asc.samples_per_frame().has_value());
        CHECK(asc.codec_string() == "mp4a.40.42");
    }
    SECTION("ALS (36), first byte 0xF8") {
        auto asc = round_trip(hex("f8 86 55 9e 18"));
        CHECK(asc.object_type == object_types::als);
        CHECK(asc.sampling_frequency == 48000u);
        CHECK(asc.other_config_bits == 21);
    }
}

TEST_CASE("explicit 24-bit sampling frequency (index 15)", "[aac][asc]") {
    auto asc = round_trip(hex("17 80 49 d4 08"));
    CHECK(asc.sampling_frequency_index == 15);
    CHECK(asc.sampling_frequency == 37800u);
    CHECK(asc.channel_configuration == 1);

    audio_specific_config built;
    built.sampling_frequency_index = 15;
    built.sampling_frequency = 37800;
    built.channel_configuration = 1;
    CHECK(to_hex(build(built)) == "178049d408");
}

TEST_CASE("channel configuration 0 with a program config element (ffmpeg octagonal)",
          "[aac][asc][pce]") {
    // extradata of `ffmpeg -f lavfi -i anullsrc=cl=octagonal:r=48000 -c:a aac`
    // (ffmpeg 5.1); ffprobe reports channels=8.
    auto asc = round_trip(hex("11 80 04 c8 48 00 20 08 c8 20 0d 4c 61 76 63 35 39 2e 33 37 2e 31 "
                              "30 30 56 e5 00"));
    CHECK(asc.sampling_frequency == 48000u);
    CHECK(asc.channel_configuration == 0);
    REQUIRE(asc.ga.pce.has_value());
    const auto& pce = *asc.ga.pce;
    CHECK(pce.object_type == 1);
    CHECK(pce.sampling_frequency_index == 3);
    REQUIRE(pce.front.size() == 2);
    CHECK(pce.front[0] == pce_channel_element{true, 0});
    CHECK(pce.front[1] == pce_channel_element{false, 0});
    REQUIRE(pce.side.size() == 1);
    CHECK(pce.side[0] == pce_channel_element{true, 1});
    REQUIRE(pce.back.size() == 2);
    CHECK(pce.back[0] == pce_channel_element{true, 2});
    CHECK(pce.back[1] == pce_channel_element{false, 1});
    CHECK(pce.lfe.empty());
    CHECK(std::string(lal::as_string_view(pce.comment)) == "Lavc59.37.100");
    CHECK(pce.channel_count() == 8);
    CHECK(asc.channel_count() == 8u);
    CHECK(asc.signalling == sbr_signalling::backward_compatible);
}

TEST_CASE("a built PCE with every optional part survives the round trip", "[aac][asc][pce]") {
    audio_specific_config asc;
    asc.channel_configuration = 0;
    program_config_element pce;
    pce.element_instance_tag = 3;
    pce.front = {{false, 0}, {true, 1}};
    pce.back = {{true, 2}};
    pce.lfe = {4};
    pce.assoc_data = {1, 2};
    pce.cc = {{true, 5}};
    pce.mono_mixdown = 1;
    pce.stereo_mixdown = 2;
    pce.matrix_mixdown = pce_matrix_mixdown{3, true};
    pce.comment = lal::test::bytes_of("hi");
    asc.ga.pce = pce;
    auto bytes = build(asc);
    auto again = parse_asc(bytes);
    REQUIRE(again.has_value());
    CHECK(*again == asc);
    CHECK(again->channel_count() == 6u);
}

TEST_CASE("ER AAC-LD with 480-sample frames and epConfig 0", "[aac][asc]") {
    auto asc = round_trip(hex("b9 8c 00"));
    CHECK(asc.object_type == object_types::er_aac_ld);
    CHECK(asc.sampling_frequency == 48000u);
    CHECK(asc.ga.frame_length_flag);
    CHECK(asc.ep_config == 0);
    CHECK(asc.samples_per_frame() == 480u);
}

TEST_CASE("AudioSpecificConfig parse errors are precise", "[aac][asc][errors]") {
    CHECK(parse_asc({}).error() == errc::truncated);
    CHECK(parse_asc(hex("12")).error() == errc::truncated);
    CHECK(parse_asc(hex("00 00")).error() == errc::bad_object_type);
    // Index 13 is reserved.
    CHECK(parse_asc(hex("16 90")).error() == errc::bad_sampling_frequency_index);
    // Index 15 with an explicit frequency of 0.
    CHECK(parse_asc(hex("17 80 00 00 08")).error() == errc::bad_sampling_frequency);
    CHECK(parse_asc(hex("17 80 49")).error() == errc::truncated);
    // ER AAC-LC with epConfig 2.
    CHECK(parse_asc(hex("89 90 80")).error() == errc::unsupported_ep_config);
    // Hierarchical SBR whose core type is SBR again.
    CHECK(parse_asc(hex("2b 11 94 00")).error() == errc::bad_object_type);
    // Channel configuration 0 but the PCE is cut off.
    CHECK(parse_asc(hex("11 80 04 c8 48")).error() == errc::truncated);
    // PCE comment length larger than the bytes left.
    CHECK(parse_asc(hex("11 80 04 c8 48 00 20 08 c8 20 0d 4c 61")).error() == errc::truncated);
}

TEST_CASE("AudioSpecificConfig builder refuses what it cannot write", "[aac][asc][errors]") {
    std::vector<std::byte> out;
    audio_specific_config asc;
    asc.object_type = 0;
    CHECK(append_asc(asc, out) == errc::bad_object_type);
    asc.object_type = 96;
    CHECK(append_asc(asc, out) == errc::bad_object_type);
    asc = {};
    asc.sampling_frequency_index = 13;
    CHECK(append_asc(asc, out) == errc::bad_sampling_frequency_index);
    asc = {};
    asc.sampling_frequency_index = 15;
    asc.sampling_frequency = 1u << 24;
    CHECK(append_asc(asc, out) == errc::bad_sampling_frequency_index);
    asc = {};
    asc.channel_configuration = 0;  // no PCE given
    CHECK(append_asc(asc, out) == errc::inconsistent_config);
    asc.ga.pce = program_config_element{};
    asc.ga.pce->comment.resize(256);
    CHECK(append_asc(asc, out) == errc::inconsistent_config);
    asc = {};
    asc.signalling = sbr_signalling::backward_compatible;
    asc.extension_object_type = object_types::sbr;
    asc.ps_present = true;  // PS needs SBR
    CHECK(append_asc(asc, out) == errc::inconsistent_config);
    CHECK(out.empty());
}
