// SPDX-License-Identifier: MIT
// The pure logic of flvfile2rtmppush (file source, loop timeline), tested
// without sockets. rtmppull's file writing is lal::flv::file_writer (tests/flv).
#include <catch2/catch.hpp>

#include <algorithm>
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
