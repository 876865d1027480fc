// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/server_session.hpp>

#include "session_harness.hpp"

using namespace lal::rtmp;
using lal::byte_span;
using lal::rtmp::test::events_of;
using lal::rtmp::test::flatten;
using lal::rtmp::test::pseudo_random;

namespace {

std::vector<std::byte> recording(const std::string& name) {
    std::ifstream in(std::string(LAL_RTMP_TEST_DATA_DIR) + "/" + name, std::ios::binary);
    REQUIRE(in);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> out(chars.size());
    std::transform(chars.begin(), chars.end(), out.begin(), [](char c) { return static_cast<std::byte>(c); });
    return out;
}

struct replay {
    std::vector<server_event> events;
    std::vector<message> replies;  // what the server sent, after S0S1S2
    std::size_t reply_bytes = 0;
};

// Feeds a recording to a server session in `piece`-byte reads, accepting everything.
replay run(const std::vector<std::byte>& bytes, std::size_t piece) {
    server_session server({}, pseudo_random(5), 0);
    replay r;
    std::vector<std::byte> out;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
        auto n = std::min(piece, bytes.size() - at);
        REQUIRE_FALSE(server.feed(byte_span(bytes).subspan(at, n)));
        lal::rtmp::test::drain_server(server, r.events, lal::rtmp::test::accept_all);
        auto o = flatten(server.take_output());
        out.insert(out.end(), o.begin(), o.end());
    }
    CHECK_FALSE(server.wants_close());
    REQUIRE(out.size() > 1 + 2 * handshake_size);
    r.reply_bytes = out.size();
    chunk_decoder d;
    REQUIRE_FALSE(d.feed(byte_span(out).subspan(1 + 2 * handshake_size)));
    while (auto m = d.next()) r.replies.push_back(std::move(*m));
    return r;
}

std::vector<std::string> command_names(const std::vector<message>& messages) {
    std::vector<std::string> out;
    for (const auto& m : messages) {
        if (m.type_id == message_type::command_amf0) out.push_back(parse_command(m).value().name);
    }
    return out;
}

std::string status_codes(const std::vector<message>& messages) {
    std::string out;
    for (const auto& m : messages) {
        if (m.type_id != message_type::command_amf0) continue;
        auto c = parse_command(m).value();
        if (c.name == "onStatus") out += std::string(c.arg(0)->get("code")->as_string().value_or("")) + " ";
    }
    return out;
}

}  // namespace

TEST_CASE("a recorded ffmpeg publish session plays back through the server session", "[rtmp][session][recorded]") {
    auto bytes = recording("ffmpeg_publish.bin");
    auto r = run(bytes, 4096);

    auto connects = events_of<server_events::connect>(r.events);
    REQUIRE(connects.size() == 1);
    CHECK(connects[0].app == "live");
    CHECK(connects[0].tc_url.rfind("rtmp://127.0.0.1:", 0) == 0);
    CHECK(connects[0].command_object.get("flashVer")->as_string().value_or("").find("FMLE/3.0") == 0);
    auto publishes = events_of<server_events::publish>(r.events);
    REQUIRE(publishes.size() == 1);
    CHECK(publishes[0].stream_name == "test");
    CHECK(publishes[0].query == "key=abc");
    CHECK(publishes[0].type == "live");

    // onMetaData (from "@setDataFrame") with the encoder's picture size.
    auto metas = events_of<server_events::metadata>(r.events);
    REQUIRE(metas.size() == 1);
    auto meta = parse_data(metas[0].msg).value();
    CHECK(meta.name == "onMetaData");
    REQUIRE_FALSE(meta.values.empty());
    CHECK(meta.values[0].get("width")->as_number() == 160);
    CHECK(meta.values[0].get("height")->as_number() == 90);

    // 2 s at 10 fps: 20 video frames plus the AVC sequence header and end of
    // sequence; AAC at 44.1 kHz: about 86 frames plus the AudioSpecificConfig.
    auto media = events_of<server_events::media>(r.events);
    std::size_t video = 0, audio = 0;
    std::uint32_t last_video_ts = 0;
    for (const auto& m : media) {
        if (m.msg.type_id == message_type::video) {
            CHECK(m.msg.timestamp >= last_video_ts);
            last_video_ts = m.msg.timestamp;
            ++video;
        }
        if (m.msg.type_id == message_type::audio) ++audio;
    }
    CHECK(video == 22);
    CHECK(audio >= 85);
    CHECK(audio <= 90);
    CHECK(video + audio == media.size());
    REQUIRE_FALSE(media.empty());
    // The first video message is the AVC sequence header of a key frame (FLV video tag 0x17 0x00).
    auto first_video = std::find_if(media.begin(), media.end(),
                                    [](const auto& m) { return m.msg.type_id == message_type::video; });
    CHECK(first_video->msg.body.bytes()[0] == std::byte{0x17});
    CHECK(first_video->msg.body.bytes()[1] == std::byte{0x00});
    auto last_video = std::find_if(media.rbegin(), media.rend(),
                                   [](const auto& m) { return m.msg.type_id == message_type::video; });
    CHECK(last_video->msg.body.bytes()[1] == std::byte{0x02});  // AVC end of sequence

    REQUIRE(events_of<server_events::unpublish>(r.events).size() == 1);
    CHECK(events_of<server_events::error>(r.events).empty());

    // What ffmpeg was told: connect _result, answers to releaseStream, FCPublish,
    // createStream and _checkbw, then NetStream.Publish.Start.
    auto names = command_names(r.replies);
    REQUIRE(names.size() >= 6);
    CHECK(names[0] == "_result");
    CHECK(names[1] == "onBWDone");
    CHECK(status_codes(r.replies).find("NetStream.Publish.Start") != std::string::npos);
    CHECK(std::count(names.begin(), names.end(), "_error") == 0);

    // Cut into 1-byte and odd-sized reads, the same session comes out.
    for (std::size_t piece : {1u, 1000u, 1537u}) {
        INFO("pieces of " << piece);
        auto again = run(bytes, piece);
        CHECK(again.events.size() == r.events.size());
        CHECK(again.reply_bytes == r.reply_bytes);
        CHECK(events_of<server_events::media>(again.events).size() == media.size());
    }
}

TEST_CASE("recorded rtmpdump and ffmpeg play sessions get the play answers", "[rtmp][session][recorded]") {
    struct expectation {
        const char* file;
        double start;
    };
    for (auto e : {expectation{"rtmpdump_play.bin", 0}, expectation{"ffmpeg_play.bin", -2000}}) {
        INFO(e.file);
        auto r = run(recording(e.file), 512);
        auto plays = events_of<server_events::play>(r.events);
        REQUIRE(plays.size() == 1);
        CHECK(plays[0].stream_name == "test");
        CHECK(plays[0].start == e.start);
        CHECK(plays[0].stream_id == 1);
        auto codes = status_codes(r.replies);
        CHECK(codes.find("NetStream.Play.Reset NetStream.Play.Start") != std::string::npos);
        CHECK(events_of<server_events::error>(r.events).empty());
        auto names = command_names(r.replies);
        CHECK(std::count(names.begin(), names.end(), "_error") == 0);
    }
}
