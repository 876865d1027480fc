// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <lal/fmp4/init_segment.hpp>
#include <lal/fmp4/reader.hpp>

#include "vectors.hpp"

using namespace lal::fmp4;
namespace media = lal::media;
namespace v = lal::test::fmp4_vectors;

namespace {

track make(const media::track_config_ptr& c, std::uint32_t id) {
    auto t = make_track(*c, id);
    REQUIRE(t.has_value());
    return *t;
}

std::vector<std::byte> init_of(std::vector<track> tracks) {
    std::vector<std::byte> out;
    REQUIRE_FALSE(append_init_segment(tracks, out));
    return out;
}

}  // namespace

TEST_CASE("tracks read their size, channels and rates from the records", "[fmp4][track]") {
    auto h264 = make(v::h264(), 1);
    CHECK(h264.kind == media::media_kind::video);
    CHECK(h264.timescale == 90000);
    CHECK(h264.width == 640);
    CHECK(h264.height == 360);
    auto h265 = make(v::h265(), 1);
    CHECK(h265.width == 322);
    CHECK(h265.height == 242);
    auto av1 = make(v::av1(), 1);
    CHECK(av1.width == 320);
    CHECK(av1.height == 240);
    auto aac = make(v::aac(), 2);
    CHECK(aac.kind == media::media_kind::audio);
    CHECK(aac.sample_rate == 44100);
    CHECK(aac.timescale == 44100);
    CHECK(aac.channels == 2);
    auto opus = make(v::opus(1), 2);
    CHECK(opus.sample_rate == 48000);
    CHECK(opus.timescale == 48000);
    CHECK(opus.channels == 1);
}

TEST_CASE("make_track refuses codecs fMP4 does not carry here and broken records", "[fmp4][track][errors]") {
    auto vp9 = v::config(media::media_kind::video, media::codec_id::vp9, {});
    CHECK(make_track(*vp9, 1).error() == errc::unsupported_codec);
    auto broken = v::config(media::media_kind::video, media::codec_id::h264, {std::byte{1}, std::byte{2}});
    CHECK(make_track(*broken, 1).error() == errc::bad_config);
    CHECK(make_track(*v::aac(), 0).error() == errc::bad_track);
}

TEST_CASE("an init segment of each codec reads back as the track written", "[fmp4][init]") {
    for (const auto& c : {v::h264(), v::h265(), v::av1(), v::aac(), v::opus(), v::opus(1)}) {
        CAPTURE(media::name(c->codec));
        const auto t = make(c, 1);
        const auto bytes = init_of({t});
        auto info = read_init_segment(bytes);
        REQUIRE(info.has_value());
        CHECK(std::string_view(info->major_brand.data(), 4) == "iso6");
        CHECK(info->size == bytes.size());
        REQUIRE(info->tracks.size() == 1);
        CHECK(info->tracks[0] == t);
    }
}

TEST_CASE("an init segment with video and audio lists both tracks and a trex each", "[fmp4][init]") {
    const auto video = make(v::h264(), 1);
    const auto audio = make(v::aac(), 2);
    const auto bytes = init_of({video, audio});
    auto info = read_init_segment(bytes);
    REQUIRE(info.has_value());
    REQUIRE(info->tracks.size() == 2);
    CHECK(info->tracks[0] == video);
    CHECK(info->tracks[1] == audio);
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    CHECK(text.find("mvex") != std::string_view::npos);
    CHECK(text.find("trex", text.find("trex") + 1) != std::string_view::npos);
    // ISO/IEC 14496-14 5.6: the esds carries the AudioSpecificConfig after tag 5.
    CHECK(text.find("esds") != std::string_view::npos);
}

TEST_CASE("every prefix of an init segment is truncated, never misread", "[fmp4][init][reader]") {
    const auto bytes = init_of({make(v::h265(), 1), make(v::opus(), 2)});
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        auto info = read_init_segment(std::span(bytes).first(n));
        REQUIRE_FALSE(info.has_value());
        CHECK(info.error() == errc::truncated);
    }
}

TEST_CASE("append_init_segment refuses bad track sets and appends nothing", "[fmp4][init][errors]") {
    std::vector<std::byte> out;
    auto a = make(v::aac(), 2);
    CHECK(append_init_segment(std::vector<track>{a, a}, out) == errc::bad_track);
    a.id = 0;
    CHECK(append_init_segment(std::vector<track>{a}, out) == errc::bad_track);
    auto o = make(v::opus(), 2);
    o.config = {std::byte{0}};
    CHECK(append_init_segment(std::vector<track>{o}, out) == errc::bad_config);
    CHECK(out.empty());
}

TEST_CASE("the box reader checks sizes", "[fmp4][reader][errors]") {
    auto h = lal::test::hex("00000004667479700000");
    CHECK(read_box_header(h).error() == errc::bad_box_size);
    auto big = lal::test::hex("0000000f66747970");
    CHECK(read_box_header(big).error() == errc::truncated);
    auto large = lal::test::hex("000000016d64617400000000000000100000000000000000");
    auto r = read_box_header(large);
    REQUIRE(r.has_value());
    CHECK(r->is("mdat"));
    CHECK(r->size == 16);
    CHECK(r->header_size == 16);
    // A child running past its parent.
    auto moov = lal::test::hex("000000106d6f6f76000000ff7472616b");
    CHECK(read_init_segment(moov).error() == errc::bad_box_size);
}
