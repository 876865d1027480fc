// SPDX-License-Identifier: MIT
// The pure logic of flvfile2rtmppush (file source, loop timeline) and rtmppull
// (FLV recorder), tested without sockets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <lal/flv/error.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/script_data.hpp>
#include <lal/rtmp/command.hpp>

#include "data_path.hpp"
#include "flv_recorder.hpp"
#include "flv_source.hpp"
#include "timeline.hpp"

using flvfile2rtmppush::flv_source;
using flvfile2rtmppush::timeline;
namespace flv = lal::flv;
namespace rtmp = lal::rtmp;

namespace {

const std::string clip = lal::test::data_path("media/h264_aac_10s.flv");

std::vector<flv::tag> read_tags(const std::vector<std::byte>& bytes) {
    flv::reader r;
    REQUIRE_FALSE(r.feed(bytes));
    std::vector<flv::tag> out;
    while (auto t = r.next()) out.push_back(std::move(*t));
    return out;
}

std::vector<std::byte> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> c((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(c.size());
    for (std::size_t i = 0; i < c.size(); ++i) out[i] = static_cast<std::byte>(c[i]);
    return out;
}

/// A scratch file path unique to this process, removed at the end of the test.
struct temp_path {
    explicit temp_path(const std::string& name)
        : path("/tmp/lal_rtmp_tools_test_" + std::to_string(::getpid()) + "_" + name) {}
    ~temp_path() { std::remove(path.c_str()); }
    std::string path;
};

void write_file(const std::string& path, const std::vector<std::byte>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

flv::tag make_tag(flv::tag_type type, std::uint32_t ts, std::vector<std::uint8_t> body) {
    std::vector<std::byte> b;
    for (auto v : body) b.push_back(static_cast<std::byte>(v));
    return {type, ts, 0, lal::payload::adopt(std::move(b))};
}

rtmp::message raw_audio(std::uint32_t ts) {
    return {rtmp::message_type::audio, ts, 1, 0, make_tag(flv::tag_type::audio, 0, {0xaf, 0x01, 0x21}).data};
}
rtmp::message audio_header(std::uint32_t ts) {
    return {rtmp::message_type::audio, ts, 1, 0, make_tag(flv::tag_type::audio, 0, {0xaf, 0x00, 0x12, 0x10}).data};
}
rtmp::message video_header(std::uint32_t ts) {
    return {rtmp::message_type::video, ts, 1, 0, make_tag(flv::tag_type::video, 0, {0x17, 0x00, 0, 0, 0, 0x01}).data};
}
rtmp::message video_frame(std::uint32_t ts, bool key) {
    std::uint8_t first = key ? 0x17 : 0x27;
    return {rtmp::message_type::video, ts, 1, 0, make_tag(flv::tag_type::video, 0, {first, 0x01, 0, 0, 0, 0xaa}).data};
}

std::string message_name(const rtmp::message& m) {
    auto d = rtmp::parse_data(m);
    return d ? d->name : std::string();
}

}  // namespace

TEST_CASE("the file source reads every tag and starts over on rewind", "[tools][push]") {
    flv_source src;
    REQUIRE_FALSE(src.open(clip));
    auto expected = read_tags(lal::test::read_data("media/h264_aac_10s.flv"));
    for (int pass = 0; pass < 2; ++pass) {
        std::size_t n = 0;
        while (auto t = src.next()) {
            REQUIRE(n < expected.size());
            CHECK(*t == expected[n]);
            ++n;
        }
        CHECK(n == expected.size());
        CHECK_FALSE(src.error());
        CHECK_FALSE(src.truncated_tail());
        REQUIRE_FALSE(src.rewind());
    }
}

TEST_CASE("the file source reports missing, foreign and truncated files", "[tools][push]") {
    flv_source missing;
    CHECK(missing.open("/nonexistent/x.flv") == std::errc::no_such_file_or_directory);

    temp_path text("text.flv");
    write_file(text.path, {std::byte{'h'}, std::byte{'e'}, std::byte{'l'}, std::byte{'l'}, std::byte{'o'},
                           std::byte{'!'}, std::byte{'!'}, std::byte{'!'}, std::byte{'!'}, std::byte{'!'}});
    flv_source foreign;
    CHECK(foreign.open(text.path) == flv::errc::bad_signature);

    auto bytes = lal::test::read_data("media/h264_aac_10s.flv");
    auto all = read_tags(bytes);
    REQUIRE(bytes.size() > 100);
    std::vector<std::byte> cut_bytes(bytes.begin(), bytes.end() - 100);  // cut inside the last tags
    temp_path cut("cut.flv");
    write_file(cut.path, cut_bytes);
    flv_source src;
    REQUIRE_FALSE(src.open(cut.path));
    std::size_t n = 0;
    while (auto t = src.next()) {
        CHECK(*t == all[n]);
        ++n;
    }
    CHECK(n < all.size());
    CHECK(n > all.size() - 5);
    CHECK_FALSE(src.error());
    CHECK(src.truncated_tail());
}

TEST_CASE("one pass keeps timestamps and wraps onMetaData in @setDataFrame", "[tools][push]") {
    auto tags = read_tags(lal::test::read_data("media/h264_aac_10s.flv"));
    timeline tl(false);
    std::size_t sent = 0;
    for (const auto& t : tags) {
        auto m = tl.map(t);
        REQUIRE(m);
        ++sent;
        CHECK(m->timestamp == t.timestamp);
        if (t.type == flv::tag_type::script) {
            CHECK(m->type_id == rtmp::message_type::data_amf0);
            CHECK(message_name(*m) == "@setDataFrame");
            CHECK(rtmp::strip_set_data_frame(*m)->body == t.data);
        } else {
            CHECK(m->type_id == static_cast<std::uint8_t>(t.type));
            CHECK(m->body == t.data);  // shared, not copied
        }
    }
    CHECK(sent == tags.size());  // the end of sequence tag included
}

TEST_CASE("looping continues timestamps and sends identical headers once", "[tools][push]") {
    auto tags = read_tags(lal::test::read_data("media/h264_aac_10s.flv"));
    timeline tl(true);
    std::map<std::uint8_t, std::uint32_t> last;  // per message type
    std::vector<std::vector<rtmp::message>> loops(3);
    for (int loop = 0; loop < 3; ++loop) {
        for (const auto& t : tags) {
            if (auto m = tl.map(t)) loops[loop].push_back(*m);
        }
        tl.end_loop();
    }
    CHECK(tl.loops_done() == 3);
    std::uint32_t last_video = 0, first_video_of_loop2 = 0;
    for (int loop = 0; loop < 3; ++loop) {
        int headers = 0, scripts = 0, eos = 0;
        for (const auto& m : loops[loop]) {
            if (m.type_id == rtmp::message_type::data_amf0) ++scripts;
            auto type = static_cast<flv::tag_type>(m.type_id);
            if (m.type_id != rtmp::message_type::data_amf0) {
                headers += flv::is_sequence_header(type, m.body.bytes()) ? 1 : 0;
                eos += flv::is_end_of_sequence(type, m.body.bytes()) ? 1 : 0;
                if (last.count(m.type_id)) CHECK(m.timestamp >= last[m.type_id]);  // monotonic per track
                last[m.type_id] = m.timestamp;
            }
            if (m.type_id == rtmp::message_type::video) {
                if (loop == 1 && first_video_of_loop2 == 0) first_video_of_loop2 = m.timestamp;
                if (loop == 0) last_video = m.timestamp;
            }
        }
        CHECK(eos == 0);  // never mid-stream
        CHECK(headers == (loop == 0 ? 2 : 0));
        CHECK(scripts == (loop == 0 ? 1 : 0));
    }
    // The clip's last timestamp is audio at 10008 ms; one video frame (40 ms) later the next loop starts.
    CHECK(first_video_of_loop2 == 10048);
    CHECK(last_video == 9960);
    CHECK(loops[2].back().timestamp == 2 * 10048 + 10008);
}

TEST_CASE("a sequence header that changes between loops is sent again", "[tools][push]") {
    auto header_a = make_tag(flv::tag_type::video, 0, {0x17, 0x00, 0, 0, 0, 0x01, 0x4d});
    auto header_b = make_tag(flv::tag_type::video, 0, {0x17, 0x00, 0, 0, 0, 0x01, 0x64});
    auto frame = [](std::uint32_t ts) { return make_tag(flv::tag_type::video, ts, {0x27, 0x01, 0, 0, 0, 0xaa}); };
    timeline tl(true);
    CHECK(tl.map(header_a));
    CHECK(tl.map(frame(0)));
    CHECK(tl.map(frame(40)));
    tl.end_loop();
    CHECK_FALSE(tl.map(header_a));
    CHECK(tl.map(frame(0))->timestamp == 80);
    tl.end_loop();
    auto again = tl.map(header_b);
    REQUIRE(again);
    CHECK(again->timestamp == 120);
}

TEST_CASE("the start of a file is reordered: metadata, sequence headers, then frames", "[tools][push]") {
    auto frame = make_tag(flv::tag_type::video, 0, {0x17, 0x01, 0, 0, 0, 0xaa});
    auto vhdr = make_tag(flv::tag_type::video, 0, {0x17, 0x00, 0, 0, 0, 0x01});
    auto ahdr = make_tag(flv::tag_type::audio, 0, {0xaf, 0x00, 0x12, 0x10});
    std::vector<std::byte> meta_body;
    flv::append_script_data("onMetaData", std::vector<flv::amf0::value>{flv::amf0::ecma_array{}}, meta_body);
    flv::tag meta{flv::tag_type::script, 0, 0, lal::payload::adopt(std::move(meta_body))};
    auto out = flvfile2rtmppush::headers_first({vhdr, meta, ahdr, frame});
    REQUIRE(out.size() == 4);
    CHECK(out[0] == meta);
    CHECK(out[1] == vhdr);
    CHECK(out[2] == ahdr);
    CHECK(out[3] == frame);
}

TEST_CASE("the recorder writes headers first and rebases a mid-stream join to 0", "[tools][pull]") {
    auto tags = read_tags(lal::test::read_data("media/h264_aac_10s.flv"));
    std::vector<flv::tag> headers, frames;
    for (const auto& t : tags) (t.type == flv::tag_type::script || flv::is_sequence_header(t) ? headers : frames).push_back(t);
    temp_path out("rec.flv");
    {
        rtmppull::flv_recorder rec(out.path);
        // As a server sends to a late player: headers, then frames from the 2nd key frame on, with
        // timestamps of the publisher's timeline (5 s ahead here).
        auto start = std::find_if(frames.begin() + 1, frames.end(), [](const flv::tag& t) { return flv::is_keyframe(t); });
        REQUIRE(start != frames.end());
        for (const auto& t : headers) {
            auto type = t.type == flv::tag_type::script ? rtmp::message_type::data_amf0 : static_cast<std::uint8_t>(t.type);
            REQUIRE_FALSE(rec.add(rtmp::message{type, t.timestamp + 5000, 1, 0, t.data}));
        }
        for (auto it = start; it != frames.end(); ++it) {
            REQUIRE_FALSE(rec.add(rtmp::message{static_cast<std::uint8_t>(it->type), it->timestamp + 5000, 1, 0, it->data}));
        }
        REQUIRE_FALSE(rec.finish());
        CHECK(rec.dropped_tags() == 0);
    }
    auto got = read_tags(read_file(out.path));
    REQUIRE(got.size() > 3);
    CHECK(got[0].type == flv::tag_type::script);
    CHECK(flv::is_sequence_header(got[1]));
    CHECK(flv::is_sequence_header(got[2]));
    std::uint32_t first_frame_ts = UINT32_MAX;
    std::map<flv::tag_type, std::uint32_t> last;
    for (std::size_t i = 3; i < got.size(); ++i) {
        first_frame_ts = std::min(first_frame_ts, got[i].timestamp);
        if (last.count(got[i].type)) CHECK(got[i].timestamp >= last[got[i].type]);
        last[got[i].type] = got[i].timestamp;
    }
    CHECK(first_frame_ts == 0);
    CHECK(flv::is_keyframe(got[3]));
}

TEST_CASE("the recorder puts late sequence headers first and keeps tracks monotonic", "[tools][pull]") {
    temp_path out("order.flv");
    {
        rtmppull::flv_recorder rec(out.path);
        REQUIRE_FALSE(rec.add(raw_audio(950)));  // before its AudioSpecificConfig: held
        REQUIRE_FALSE(rec.add(video_header(900)));
        REQUIRE_FALSE(rec.add(audio_header(900)));
        REQUIRE_FALSE(rec.add(raw_audio(980)));
        REQUIRE_FALSE(rec.add(video_frame(1000, true)));  // both tracks have a frame: the start is written
        REQUIRE_FALSE(rec.add(raw_audio(970)));            // a step back in one track is flattened
        REQUIRE_FALSE(rec.add(video_frame(1040, false)));
        REQUIRE_FALSE(rec.finish());
        CHECK(rec.dropped_tags() == 0);
        CHECK(rec.video_tags() == 3);
        CHECK(rec.audio_tags() == 4);
    }
    auto got = read_tags(read_file(out.path));
    REQUIRE(got.size() == 7);
    CHECK(flv::is_sequence_header(got[0]));
    CHECK(flv::is_sequence_header(got[1]));
    CHECK(got[0].timestamp == 0);  // before the base: at 0
    std::vector<std::uint32_t> ts;
    for (std::size_t i = 2; i < got.size(); ++i) ts.push_back(got[i].timestamp);
    // Base 950, the earliest frame: 950, 980, 1000, 970 (kept at 30), 1040.
    CHECK(ts == std::vector<std::uint32_t>{0, 30, 50, 30, 90});
}

TEST_CASE("the recorder drops frames whose sequence header never came", "[tools][pull]") {
    temp_path out("headerless.flv");
    {
        rtmppull::flv_recorder rec(out.path);
        // A second of AVC frames without an AVCDecoderConfigurationRecord, then audio with its config.
        for (std::uint32_t ts = 0; ts <= 1000; ts += 40) REQUIRE_FALSE(rec.add(video_frame(ts, ts == 0)));
        REQUIRE_FALSE(rec.add(audio_header(1040)));
        REQUIRE_FALSE(rec.add(raw_audio(1040)));
        REQUIRE_FALSE(rec.finish());
        CHECK(rec.dropped_tags() == 26);
        CHECK(rec.video_tags() == 0);
        CHECK(rec.audio_tags() == 2);
    }
    auto got = read_tags(read_file(out.path));
    REQUIRE(got.size() == 2);
    CHECK(flv::is_sequence_header(got[0]));
    CHECK(got[1].timestamp == 0);
}

TEST_CASE("the recorder leaves no file when no frame arrived", "[tools][pull]") {
    temp_path out("empty.flv");
    {
        rtmppull::flv_recorder rec(out.path);
        REQUIRE_FALSE(rec.add(video_header(0)));
        REQUIRE_FALSE(rec.finish());
        CHECK(rec.bytes_written() == 0);
    }
    CHECK_FALSE(std::ifstream(out.path).good());
}
