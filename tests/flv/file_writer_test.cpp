// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>

#include <lal/flv/file_writer.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>

#include "data_path.hpp"
#include "hex.hpp"

using namespace lal::flv;

namespace {

tag make(tag_type type, std::uint32_t ts, const char* body) {
    return tag{type, ts, 1, lal::payload::adopt(lal::test::hex(body))};
}
// Bodies per Adobe FLV spec v10.1 E.4.2.1 and E.4.3.1.
tag avc_header(std::uint32_t ts) { return make(tag_type::video, ts, "17 00 00 00 00 01 4d 40 1e ff e1 00 00 01 00 00"); }
tag avc_key(std::uint32_t ts) { return make(tag_type::video, ts, "17 01 00 00 00 00 00 00 02 65 88"); }
tag avc_inter(std::uint32_t ts) { return make(tag_type::video, ts, "27 01 00 00 00 00 00 00 02 41 9a"); }
tag aac_header(std::uint32_t ts) { return make(tag_type::audio, ts, "af 00 12 10"); }
tag aac_raw(std::uint32_t ts) { return make(tag_type::audio, ts, "af 01 21 1a"); }
tag metadata(std::uint32_t ts) { return make(tag_type::script, ts, "02 00 0a 6f 6e 4d 65 74 61 44 61 74 61 05"); }

struct parsed {
    file_header header;
    std::vector<tag> tags;
};

// Reads the writer's whole output back; every take must end on a tag boundary.
parsed take_all(file_writer& w, reader& r) {
    auto bytes = w.take_output();
    REQUIRE_FALSE(r.feed(bytes));
    CHECK(r.at_tag_boundary() == (r.header().has_value()));
    parsed p;
    if (r.header()) p.header = *r.header();
    while (auto t = r.next()) p.tags.push_back(std::move(*t));
    return p;
}

// The writer's counts of dropped, video and audio tags.
std::array<std::uint64_t, 3> counts(const file_writer& w) { return {w.dropped_tags(), w.video_tags(), w.audio_tags()}; }

}  // namespace

TEST_CASE("FLV file_writer puts metadata and sequence headers first and starts the file at 0",
          "[flv][file_writer]") {
    file_writer w;
    reader r;
    // A late joiner: the cached headers carry the timestamps they were published with.
    w.add(avc_header(5000));
    w.add(aac_header(5000));
    w.add(avc_key(10000));
    CHECK(w.output_size() == 0);  // audio announced itself but has no frame yet
    w.add(metadata(10000));
    w.add(aac_raw(9990));
    auto p = take_all(w, r);
    REQUIRE(w.started());
    CHECK(p.header.has_audio);
    CHECK(p.header.has_video);
    REQUIRE(p.tags.size() == 5);
    CHECK(p.tags[0].type == tag_type::script);
    CHECK(p.tags[0].timestamp == 10);
    CHECK(is_sequence_header(p.tags[1]));
    CHECK(p.tags[1].timestamp == 0);
    CHECK(is_sequence_header(p.tags[2]));
    CHECK(p.tags[2].timestamp == 0);
    // One base for both tracks: the earliest frame, the audio one.
    CHECK(p.tags[3] == tag{tag_type::video, 10, 0, avc_key(0).data});
    CHECK(p.tags[4] == tag{tag_type::audio, 0, 0, aac_raw(0).data});

    w.add(avc_inter(10040));
    w.add(aac_raw(10013));
    w.finish();
    p = take_all(w, r);
    REQUIRE(p.tags.size() == 2);
    CHECK(p.tags[0].timestamp == 50);
    CHECK(p.tags[1].timestamp == 23);
    CHECK(w.video_tags() == 3);
    CHECK(w.audio_tags() == 3);
    CHECK(w.script_tags() == 1);
    CHECK(w.last_timestamp() == 50);
    CHECK(w.bytes_produced() == r.position());
}

TEST_CASE("FLV file_writer header flags name only the tracks the stream has", "[flv][file_writer]") {
    file_writer w;
    reader r;
    w.add(avc_header(0));
    w.add(avc_key(40));
    auto p = take_all(w, r);
    CHECK(p.header.has_video);
    CHECK_FALSE(p.header.has_audio);
    REQUIRE(p.tags.size() == 2);
    CHECK(p.tags[1].timestamp == 0);
}

TEST_CASE("FLV file_writer starts after max_hold_ms when an announced track never sends a frame",
          "[flv][file_writer]") {
    file_writer w(file_writer_options{.max_hold_ms = 100, .max_hold_tags = 64});
    w.add(aac_header(0));
    w.add(avc_header(0));
    w.add(avc_key(1000));
    w.add(avc_inter(1040));
    CHECK_FALSE(w.started());
    w.add(avc_inter(1100));
    CHECK(w.started());
    CHECK(w.video_tags() == 4);
}

TEST_CASE("FLV file_writer starts after max_hold_tags tags whatever they are", "[flv][file_writer]") {
    file_writer w(file_writer_options{.max_hold_ms = 1000, .max_hold_tags = 3});
    w.add(metadata(0));
    w.add(metadata(0));
    CHECK_FALSE(w.started());
    w.add(metadata(0));
    CHECK(w.started());
    CHECK(w.header().has_audio);  // script tags alone: both flags, as the spec's default
    CHECK(w.header().has_video);
}

TEST_CASE("FLV file_writer drops frames that come before their sequence header", "[flv][file_writer]") {
    file_writer w(file_writer_options{.max_hold_ms = 1000, .max_hold_tags = 2});
    reader r;
    w.add(avc_key(0));
    w.add(avc_inter(40));  // two tags: the start cannot wait longer
    REQUIRE(w.started());
    w.add(avc_header(80));
    w.add(avc_key(80));
    auto p = take_all(w, r);
    CHECK(w.dropped_tags() == 2);
    REQUIRE(p.tags.size() == 2);
    CHECK(is_sequence_header(p.tags[0]));
    CHECK(p.tags[1].timestamp == 0);  // the first frame written, not the dropped ones, starts the file
}

TEST_CASE("FLV file_writer keeps each track's timestamps from going back", "[flv][file_writer]") {
    file_writer w;
    reader r;
    w.add(avc_header(0));
    w.add(avc_key(100));
    w.add(avc_inter(140));
    w.add(avc_inter(120));  // a source going back in time
    w.add(avc_inter(50));   // before the base
    auto p = take_all(w, r);
    REQUIRE(p.tags.size() == 5);
    CHECK(p.tags[2].timestamp == 40);
    CHECK(p.tags[3].timestamp == 40);
    CHECK(p.tags[4].timestamp == 40);
}

TEST_CASE("FLV file_writer writes nothing for headers alone, and the held frames at finish",
          "[flv][file_writer]") {
    SECTION("headers alone") {
        file_writer w;
        w.add(metadata(0));
        w.add(avc_header(0));
        w.add(aac_header(0));
        w.finish();
        CHECK(w.bytes_produced() == 0);
        CHECK_FALSE(w.started());
    }
    SECTION("a frame still waiting for its other track") {
        file_writer w;
        reader r;
        w.add(avc_header(0));
        w.add(aac_header(0));
        w.add(avc_key(7));
        CHECK(w.bytes_produced() == 0);
        w.finish();
        auto p = take_all(w, r);
        CHECK(p.tags.size() == 3);
        CHECK(p.header.has_audio);
    }
    SECTION("empty and oversized tags are ignored") {
        file_writer w;
        w.add(tag{tag_type::video, 0, 0, {}});
        w.finish();
        CHECK(w.bytes_produced() == 0);
    }
}

TEST_CASE("FLV file_writer copies a recorded file into one that plays the same frames", "[flv][file_writer][media]") {
    auto file = lal::test::read_data("media/h264_aac_10s.flv");
    reader in;
    REQUIRE_FALSE(in.feed(file));
    file_writer w;
    std::vector<tag> source;
    while (auto t = in.next()) {
        source.push_back(*t);
        w.add(std::move(*t));
    }
    w.finish();
    reader out;
    auto p = take_all(w, out);
    REQUIRE_FALSE(out.finish());
    CHECK(out.previous_tag_size_mismatches() == 0);
    REQUIRE(p.tags.size() == source.size());
    CHECK(w.dropped_tags() == 0);
    std::size_t frames = 0;
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i].type != tag_type::script && !is_sequence_header(source[i])) {
            // The clip's frames keep their order and timestamps (it starts at 0).
            auto& got = p.tags[i];
            CHECK(got.data == source[i].data);
            CHECK(got.timestamp == source[i].timestamp);
            ++frames;
        }
    }
    CHECK(frames > 600);
}

TEST_CASE("FLV file_writer rebases a mid-stream join of a real clip to 0, headers first",
          "[flv][file_writer][media]") {
    reader in;
    REQUIRE_FALSE(in.feed(lal::test::read_data("media/h264_aac_10s.flv")));
    std::vector<tag> headers, frames;
    while (auto t = in.next()) (t->type == tag_type::script || is_sequence_header(*t) ? headers : frames).push_back(*t);
    // As a server sends to a late player: headers, then frames from the 2nd key
    // frame on, with timestamps of the publisher's timeline (5 s ahead here).
    auto start = std::find_if(frames.begin() + 1, frames.end(), [](const tag& t) { return is_keyframe(t); });
    REQUIRE(start != frames.end());
    file_writer w;
    for (auto t : headers) {
        t.timestamp += 5000;
        w.add(t);
    }
    for (auto it = start; it != frames.end(); ++it) {
        auto t = *it;
        t.timestamp += 5000;
        w.add(t);
    }
    w.finish();
    CHECK(w.dropped_tags() == 0);
    reader out;
    auto got = take_all(w, out).tags;
    REQUIRE(got.size() > 3);
    CHECK(got[0].type == tag_type::script);
    CHECK(is_sequence_header(got[1]));
    CHECK(is_sequence_header(got[2]));
    CHECK(is_keyframe(got[3]));
    std::uint32_t first_frame_ts = UINT32_MAX;
    std::map<tag_type, std::uint32_t> last;
    for (std::size_t i = 3; i < got.size(); ++i) {
        first_frame_ts = std::min(first_frame_ts, got[i].timestamp);
        if (last.count(got[i].type)) CHECK(got[i].timestamp >= last[got[i].type]);
        last[got[i].type] = got[i].timestamp;
    }
    CHECK(first_frame_ts == 0);
}

TEST_CASE("FLV file_writer holds frames until their sequence headers and flattens a step back",
          "[flv][file_writer]") {
    file_writer w;
    reader r;
    w.add(aac_raw(950));  // before its AudioSpecificConfig: held
    w.add(avc_header(900));
    w.add(aac_header(900));
    w.add(aac_raw(980));
    CHECK_FALSE(w.started());
    w.add(avc_key(1000));  // both tracks have a frame: the start is written
    CHECK(w.started());
    w.add(aac_raw(970));  // a step back in one track is flattened
    w.add(avc_inter(1040));
    w.finish();
    CHECK(counts(w) == std::array<std::uint64_t, 3>{0, 3, 4});
    auto got = take_all(w, r).tags;
    REQUIRE(got.size() == 7);
    CHECK(is_sequence_header(got[0]));
    CHECK(is_sequence_header(got[1]));
    CHECK(got[0].timestamp == 0);  // before the base: at 0
    std::vector<std::uint32_t> ts;
    for (std::size_t i = 2; i < got.size(); ++i) ts.push_back(got[i].timestamp);
    // Base 950, the earliest frame: 950, 980, 1000, 970 (kept at 30), 1040.
    CHECK(ts == std::vector<std::uint32_t>{0, 30, 50, 30, 90});
}

TEST_CASE("FLV file_writer drops the frames of a track whose sequence header never came", "[flv][file_writer]") {
    file_writer w;
    reader r;
    // A second of AVC frames without an AVCDecoderConfigurationRecord, then audio with its config.
    for (std::uint32_t ts = 0; ts <= 1000; ts += 40) w.add(ts == 0 ? avc_key(ts) : avc_inter(ts));
    w.add(aac_header(1040));
    w.add(aac_raw(1040));
    w.finish();
    CHECK(counts(w) == std::array<std::uint64_t, 3>{26, 0, 2});
    auto got = take_all(w, r).tags;
    REQUIRE(got.size() == 2);
    CHECK(is_sequence_header(got[0]));
    CHECK(got[1].timestamp == 0);
    // The first written frame set the base, so later ones keep their spacing.
    w.add(aac_raw(1063));
    got = take_all(w, r).tags;
    REQUIRE(got.size() == 1);
    CHECK(got[0].timestamp == 23);
}
