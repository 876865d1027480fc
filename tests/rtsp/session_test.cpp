// SPDX-License-Identifier: MIT
// A server session and a client session wired back to back in memory: every
// frame of a test clip crosses over interleaved TCP, pulled and pushed, with
// Digest authentication, and the bytes arrive cut at awkward places.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include <lal/rtsp/client_session.hpp>
#include <lal/rtsp/error.hpp>
#include <lal/rtsp/server_session.hpp>

#include "../rtp/rtp_helpers.hpp"

namespace rtsp = lal::rtsp;
namespace media = lal::media;
namespace rtp = lal::rtp;

namespace {

struct clip {
    std::vector<media::media_frame> video, audio;
    lal::sdp::session_description sdp;
};

clip load_clip() {
    clip c;
    c.video = rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::video);
    c.audio = rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::audio);
    auto v = lal::sdp::media_for(*c.video.front().config, 96, "trackID=0");
    auto a = lal::sdp::media_for(*c.audio.front().config, 97, "trackID=1");
    REQUIRE(v);
    REQUIRE(a);
    c.sdp.media = {*v, *a};
    return c;
}

// Moves bytes from one side to the other in pieces of `step` bytes.
template <class To>
void carry(std::vector<lal::payload> out, To& to, std::size_t step, std::int64_t now) {
    std::vector<std::byte> all;
    for (const auto& p : out) all.insert(all.end(), p.bytes().begin(), p.bytes().end());
    for (std::size_t i = 0; i < all.size(); i += step) {
        auto n = std::min(step, all.size() - i);
        REQUIRE_FALSE(to.feed(std::span(all).subspan(i, n), now));
    }
}

// Frames of both tracks in decode order, with their track index.
std::vector<std::pair<std::size_t, const media::media_frame*>> in_order(const clip& c) {
    std::vector<std::pair<std::size_t, const media::media_frame*>> all;
    for (const auto& f : c.video) all.emplace_back(0, &f);
    for (const auto& f : c.audio) all.emplace_back(1, &f);
    std::stable_sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.second->dts < b.second->dts; });
    return all;
}

const rtp::packetizer_options as_is{1400, true, false};

rtsp::server_options server_with_auth() {
    rtsp::server_options o;
    o.session_id = "5a3c9e71";
    o.timeout_s = 30;
    o.random = 7;
    o.user = rtsp::credentials{"admin", "secret"};
    o.auth = {rtsp::auth_scheme::digest, "lal", "c0ffee42", "", "", "", false};
    return o;
}

rtsp::client_options client_with(std::string url, std::string user, std::string password, std::uint32_t random = 0) {
    rtsp::client_options o;
    o.url = std::move(url);
    o.user = rtsp::credentials{std::move(user), std::move(password)};
    o.random = random;
    return o;
}

}  // namespace

TEST_CASE("a client pulls every frame of the clip from a server over interleaved TCP", "[rtsp][session]") {
    const auto c = load_clip();
    for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1500}, std::size_t{1} << 20}) {
        CAPTURE(step);
        rtsp::server_session server(server_with_auth());
        rtsp::client_session client(client_with("rtsp://127.0.0.1:5544/live/x", "admin", "secret"));
        client.pull(0);
        std::map<std::string, int> seen;
        bool started = false;
        for (int round = 0; round < 20 && !started; ++round) {
            carry(client.take_output(), server, step == 1 ? 3 : step, round);
            while (auto ev = server.next_event()) {
                if (auto* d = std::get_if<rtsp::describe_request>(&*ev)) ++seen["describe"], server.accept(*d, c.sdp);
                else if (auto* s = std::get_if<rtsp::setup_request>(&*ev)) ++seen["setup"], server.accept(*s);
                else if (auto* p = std::get_if<rtsp::play_request>(&*ev)) ++seen["play"], server.accept(*p);
            }
            carry(server.take_output(), client, step, round);
            while (auto ev = client.next_event()) started |= std::holds_alternative<rtsp::client_started>(*ev);
        }
        REQUIRE(started);
        CHECK(seen["describe"] == 1);  // once: the first DESCRIBE was answered 401 inside the session
        CHECK(seen["setup"] == 2);
        CHECK(seen["play"] == 1);
        CHECK(client.session_id() == "5a3c9e71");
        REQUIRE(client.tracks().size() == 2);
        CHECK(client.tracks()[0].info.codec == media::codec_id::h264);
        CHECK(client.tracks()[1].info.codec == media::codec_id::aac);
        CHECK(client.tracks()[1].transport->interleaved == std::pair<std::uint8_t, std::uint8_t>{2, 3});
        CHECK(server.playing());

        std::vector<media::media_frame> got[2];
        std::size_t sent = 0;
        for (auto [track, f] : in_order(c)) {
            auto p = rtp::packetize(*f, track == 0 ? 90000 : 44100, as_is);
            REQUIRE(p);
            server.send(track, *p);
            if (++sent % 50 == 0) carry(server.take_output(), client, step, 100);
        }
        carry(server.take_output(), client, step, 100);
        while (auto ev = client.next_event())
            if (auto* m = std::get_if<rtsp::client_media>(&*ev)) got[m->track].push_back(std::move(m->frame));
        REQUIRE(got[0].size() == c.video.size());
        REQUIRE(got[1].size() == c.audio.size());
        for (std::size_t i = 0; i < c.video.size(); ++i) {
            CHECK(got[0][i].data == c.video[i].data);
            CHECK(got[0][i].keyframe == c.video[i].keyframe);
            CHECK(got[0][i].config->record == c.video[0].config->record);
        }
        for (std::size_t i = 0; i < c.audio.size(); ++i) CHECK(got[1][i].data == c.audio[i].data);

        client.teardown();
        carry(client.take_output(), server, step, 200);
        CHECK(server.wants_close());
    }
}

TEST_CASE("a client pushes every frame of the clip to a server (ANNOUNCE, RECORD)", "[rtsp][session]") {
    const auto c = load_clip();
    rtsp::server_session server(server_with_auth());
    rtsp::client_session client(client_with("rtsp://127.0.0.1:5544/live/x", "admin", "secret", 99));
    client.push(c.sdp, 0);
    bool started = false;
    for (int round = 0; round < 20 && !started; ++round) {
        carry(client.take_output(), server, 11, round);
        while (auto ev = server.next_event()) {
            if (auto* a = std::get_if<rtsp::announce_request>(&*ev)) server.accept(*a);
            else if (auto* s = std::get_if<rtsp::setup_request>(&*ev)) server.accept(*s);
            else if (auto* r = std::get_if<rtsp::record_request>(&*ev)) server.accept(*r);
        }
        carry(server.take_output(), client, 11, round);
        while (auto ev = client.next_event()) started |= std::holds_alternative<rtsp::client_started>(*ev);
    }
    REQUIRE(started);
    REQUIRE(server.recording());
    for (auto [track, f] : in_order(c)) {
        auto p = rtp::packetize(*f, track == 0 ? 90000 : 44100, as_is);
        REQUIRE(p);
        client.send(track, *p);
    }
    carry(client.take_output(), server, 1000, 50);
    std::vector<media::media_frame> got[2];
    while (auto ev = server.next_event())
        if (auto* m = std::get_if<rtsp::media_received>(&*ev)) got[m->track].push_back(std::move(m->frame));
    REQUIRE(got[0].size() == c.video.size());
    REQUIRE(got[1].size() == c.audio.size());
    for (std::size_t i = 0; i < c.video.size(); ++i) CHECK(got[0][i].data == c.video[i].data);
    for (std::size_t i = 0; i < c.audio.size(); ++i) CHECK(got[1][i].data == c.audio[i].data);
    CHECK(got[1][0].config->record == c.audio[0].config->record);
}

namespace {
// Feeds `text` to the server and returns everything it wrote back.
std::string talk(rtsp::server_session& s, std::string_view text, std::int64_t now = 0) {
    REQUIRE_FALSE(s.feed(lal::as_byte_span(text), now));
    std::string out;
    for (const auto& p : s.take_output()) out += lal::as_string_view(p.bytes());
    return out;
}
}  // namespace

TEST_CASE("ffmpeg's publishing requests, byte for byte, and the server's answers", "[rtsp][session]") {
    rtsp::server_options o;
    o.session_id = "7c1b4a10";
    rtsp::server_session s(o);
    // Captured from ffmpeg 5.1 running -i h264_aac_10s.flv -c copy -f rtsp -rtsp_transport tcp.
    CHECK(talk(s, "OPTIONS rtsp://127.0.0.1:5544/live/x RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: Lavf59.27.100\r\n\r\n") ==
          "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, PAUSE, RECORD, TEARDOWN, "
          "GET_PARAMETER, SET_PARAMETER\r\nServer: lal\r\n\r\n");
    CHECK(talk(s, "ANNOUNCE rtsp://127.0.0.1:5544/live/x RTSP/1.0\r\nContent-Type: application/sdp\r\nCSeq: 2\r\n"
                  "User-Agent: Lavf59.27.100\r\nContent-Length: 490\r\n\r\n"
                  "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=No Name\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                  "a=tool:libavformat LIBAVFORMAT_VERSION\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                  "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z01AHtoCgL/lwEQAAAMABAAAAwDKPFi6gA==,aO88gA==; "
                  "profile-level-id=4D401E\r\na=control:streamid=0\r\nm=audio 0 RTP/AVP 97\r\n"
                  "a=rtpmap:97 MPEG4-GENERIC/44100/2\r\na=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;"
                  "indexlength=3;indexdeltalength=3; config=121056E500\r\na=control:streamid=1\r\n")
              .empty());
    auto ev = s.next_event();
    REQUIRE(ev);
    auto* a = std::get_if<rtsp::announce_request>(&*ev);
    REQUIRE(a);
    REQUIRE(a->sdp.media.size() == 2);
    s.accept(*a);
    CHECK(std::string(lal::as_string_view(s.take_output()[0].bytes())) ==
          "RTSP/1.0 200 OK\r\nCSeq: 2\r\nServer: lal\r\n\r\n");
    REQUIRE(s.tracks().size() == 2);
    CHECK(s.tracks()[1].url == "rtsp://127.0.0.1:5544/live/x/streamid=1");

    // An unknown track is a 404, the session lives on.
    CHECK(talk(s, "SETUP rtsp://127.0.0.1:5544/live/x/streamid=9 RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;"
                  "interleaved=0-1;mode=record\r\nCSeq: 3\r\n\r\n") ==
          "RTSP/1.0 404 Not Found\r\nCSeq: 3\r\nServer: lal\r\n\r\n");
    CHECK(talk(s, "SETUP rtsp://127.0.0.1:5544/live/x/streamid=0 RTSP/1.0\r\nTransport: RTP/AVP/TCP;unicast;"
                  "interleaved=0-1;mode=record\r\nCSeq: 3\r\nUser-Agent: Lavf59.27.100\r\n\r\n")
              .empty());
    ev = s.next_event();
    auto* setup = std::get_if<rtsp::setup_request>(&*ev);
    REQUIRE(setup);
    CHECK(setup->track == 0);
    s.accept(*setup);
    CHECK(std::string(lal::as_string_view(s.take_output()[0].bytes())) ==
          "RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: 7c1b4a10;timeout=60\r\n"
          "Transport: RTP/AVP/TCP;unicast;interleaved=0-1;mode=record\r\nServer: lal\r\n\r\n");
    // RECORD with another session id: 454 (RFC 2326 11.3.5).
    CHECK(talk(s, "RECORD rtsp://127.0.0.1:5544/live/x RTSP/1.0\r\nCSeq: 5\r\nSession: 0000\r\n\r\n") ==
          "RTSP/1.0 454 Session Not Found\r\nCSeq: 5\r\nSession: 0000\r\nServer: lal\r\n\r\n");
    CHECK(talk(s, "RECORD rtsp://127.0.0.1:5544/live/x RTSP/1.0\r\nRange: npt=0.000-\r\nCSeq: 5\r\n"
                  "User-Agent: Lavf59.27.100\r\nSession: 7c1b4a10\r\n\r\n")
              .empty());
    ev = s.next_event();
    REQUIRE(std::holds_alternative<rtsp::record_request>(*ev));
    s.accept(std::get<rtsp::record_request>(*ev));
    CHECK(std::string(lal::as_string_view(s.take_output()[0].bytes())) ==
          "RTSP/1.0 200 OK\r\nCSeq: 5\r\nSession: 7c1b4a10\r\nServer: lal\r\n\r\n");
    CHECK(talk(s, "GET_PARAMETER rtsp://127.0.0.1:5544/live/x RTSP/1.0\r\nCSeq: 6\r\nSession: 7c1b4a10\r\n\r\n",
               20'000) == "RTSP/1.0 200 OK\r\nCSeq: 6\r\nSession: 7c1b4a10\r\nServer: lal\r\n\r\n");
    CHECK_FALSE(s.expired(80'000));
    CHECK(s.expired(80'001));
    CHECK(talk(s, "TEARDOWN rtsp://127.0.0.1:5544/live/x RTSP/1.0\r\nCSeq: 7\r\nUser-Agent: Lavf59.27.100\r\n"
                  "Session: 7c1b4a10\r\n\r\n") ==
          "RTSP/1.0 200 OK\r\nCSeq: 7\r\nSession: 7c1b4a10\r\nServer: lal\r\n\r\n");
    CHECK(s.wants_close());
}

TEST_CASE("garbage, bogus interleaved frames and a wrong password", "[rtsp][session]") {
    {
        rtsp::server_session s({});
        CHECK(s.feed(lal::as_byte_span(std::string_view("\x16\x03\x01 hello\r\n")), 0) == rtsp::errc::bad_start_line);
        CHECK(s.wants_close());
    }
    {
        rtsp::server_options o;
        o.limits.max_frame = 4096;  // a glue that knows its peers' MTU
        rtsp::server_session s(o);
        CHECK(s.feed(lal::as_byte_span(std::string_view("$\x01\xff\xff", 4)), 0) == rtsp::errc::bad_interleaved_length);
        rtsp::server_session t({});
        CHECK(t.feed(lal::as_byte_span(std::string_view("$\x01\x00\x02", 4)), 0) == rtsp::errc::bad_interleaved_length);
    }
    {
        rtsp::server_session s({});
        CHECK(s.feed(lal::as_byte_span(std::string_view("$\xc8\x00\x10", 4)), 0) == rtsp::errc::bad_interleaved_channel);
    }
    {
        rtsp::server_session s({});
        CHECK(talk(s, "PLAY rtsp://h/x RTSP/1.0\r\nCSeq: 1\r\n\r\n") ==
              "RTSP/1.0 454 Session Not Found\r\nCSeq: 1\r\nServer: lal\r\n\r\n");
        CHECK(s.feed(lal::as_byte_span(std::string_view("OPTIONS * RTSP/1.0\r\n\r\n")), 0) == rtsp::errc::bad_header);
    }
    {
        rtsp::server_session server(server_with_auth());
        rtsp::client_session client(client_with("rtsp://h/live/x", "admin", "wrong"));
        client.pull(0);
        carry(client.take_output(), server, 100, 0);    // OPTIONS
        carry(server.take_output(), client, 100, 0);    // 200, DESCRIBE goes out
        carry(client.take_output(), server, 100, 0);
        carry(server.take_output(), client, 100, 0);    // 401, DESCRIBE with Authorization goes out
        carry(client.take_output(), server, 100, 0);
        std::vector<std::byte> answer;
        for (const auto& p : server.take_output()) answer.insert(answer.end(), p.bytes().begin(), p.bytes().end());
        CHECK(lal::as_string_view(answer).starts_with("RTSP/1.0 401 Unauthorized\r\nCSeq: 3\r\n"));
        CHECK(client.feed(answer, 0) == rtsp::errc::unauthorized);
        CHECK_FALSE(server.next_event());
    }
}

TEST_CASE("pulling over UDP: ports in SETUP, datagrams through feed_udp, keep-alive and PAUSE", "[rtsp][session]") {
    const auto c = load_clip();
    rtsp::server_options so;
    so.session_id = "beef";
    so.timeout_s = 20;
    rtsp::server_session server(so);
    rtsp::client_options co;
    co.url = "rtsp://127.0.0.1/live/x";
    co.tcp = false;
    co.udp_ports = {{5000, 5001}, {5002, 5003}};
    rtsp::client_session client(co);
    client.pull(0);
    bool started = false;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> client_ports;
    for (int round = 0; round < 10 && !started; ++round) {
        carry(client.take_output(), server, 64, round);
        while (auto ev = server.next_event()) {
            if (auto* d = std::get_if<rtsp::describe_request>(&*ev)) server.accept(*d, c.sdp);
            else if (auto* s = std::get_if<rtsp::setup_request>(&*ev)) {
                CHECK_FALSE(s->transport.tcp);
                client_ports.push_back(*s->transport.client_port);
                const auto base = static_cast<std::uint16_t>(6000 + 2 * s->track);
                server.accept(*s, {{base, static_cast<std::uint16_t>(base + 1)}});
            } else if (auto* p = std::get_if<rtsp::play_request>(&*ev)) server.accept(*p);
        }
        carry(server.take_output(), client, 64, round);
        while (auto ev = client.next_event()) started |= std::holds_alternative<rtsp::client_started>(*ev);
    }
    REQUIRE(started);
    CHECK(client_ports == std::vector<std::pair<std::uint16_t, std::uint16_t>>{{5000, 5001}, {5002, 5003}});
    CHECK(client.tracks()[1].transport->server_port == std::pair<std::uint16_t, std::uint16_t>{6002, 6003});

    // The glue sends each packet as one datagram with the track's sender.
    std::size_t frames = 0;
    for (std::size_t i = 0; i < 40; ++i) {
        auto p = rtp::packetize(c.audio[i], 44100, as_is);
        REQUIRE(p);
        for (const auto& plan : p->packets) {
            auto datagram = lal::payload::adopt(server.tracks()[1].sender->packet(plan).flatten());
            CHECK_FALSE(client.feed_udp(1, false, datagram));
        }
    }
    while (auto ev = client.next_event()) frames += std::holds_alternative<rtsp::client_media>(*ev);
    CHECK(frames == 40);
    CHECK(client.feed_udp(7, false, lal::payload{}) == rtsp::errc::unexpected_message);

    // Half the 20 s timeout without a request: a GET_PARAMETER goes out and keeps the server's session.
    client.tick(9'000);
    CHECK(client.take_output().empty());
    client.tick(10'100);  // PLAY went out a few ms after 0
    auto out = client.take_output();
    REQUIRE(out.size() == 1);
    CHECK(lal::as_string_view(out[0].bytes()).starts_with("GET_PARAMETER rtsp://127.0.0.1/live/x RTSP/1.0\r\n"));
    CHECK(server.expired(25'000));
    carry(out, server, 1000, 10'000);
    CHECK_FALSE(server.expired(25'000));
    carry(server.take_output(), client, 1000, 10'000);

    REQUIRE_FALSE(server.feed(lal::as_byte_span(std::string_view(
                                  "PAUSE rtsp://127.0.0.1/live/x RTSP/1.0\r\nCSeq: 9\r\nSession: beef\r\n\r\n")),
                              11'000));
    auto ev = server.next_event();
    REQUIRE(ev);
    CHECK(std::holds_alternative<rtsp::paused>(*ev));
    CHECK_FALSE(server.playing());
}

TEST_CASE("an SDP without sprop-parameter-sets: the client takes them from the stream", "[rtsp][session]") {
    auto c = load_clip();
    auto& video = c.sdp.media[0];
    for (auto& a : video.attributes)
        if (a.name == "fmtp") a.value = "96 packetization-mode=1";
    rtsp::server_session server({});
    rtsp::client_session client(rtsp::client_options{.url = "rtsp://h/live/x", .user = {}, .tcp = true,
                                                     .udp_ports = {}, .limits = {}, .random = 0,
                                                     .cnonce = "c", .user_agent = "lal"});
    client.pull(0);
    bool started = false;
    for (int round = 0; round < 10 && !started; ++round) {
        carry(client.take_output(), server, 1 << 20, round);
        while (auto ev = server.next_event()) {
            if (auto* d = std::get_if<rtsp::describe_request>(&*ev)) server.accept(*d, c.sdp);
            else if (auto* s = std::get_if<rtsp::setup_request>(&*ev)) server.accept(*s);
            else if (auto* p = std::get_if<rtsp::play_request>(&*ev)) server.accept(*p);
        }
        carry(server.take_output(), client, 1 << 20, round);
        while (auto ev = client.next_event()) started |= std::holds_alternative<rtsp::client_started>(*ev);
    }
    REQUIRE(started);
    CHECK_FALSE(client.tracks()[0].info.config);
    // The packetizer puts the parameter sets before each key frame, as cameras do.
    for (const auto& f : c.video) server.send(0, *rtp::packetize(f, 90000));
    carry(server.take_output(), client, 1 << 20, 50);
    std::size_t frames = 0;
    while (auto ev = client.next_event()) {
        auto* m = std::get_if<rtsp::client_media>(&*ev);
        if (!m) continue;
        ++frames;
        REQUIRE(m->frame.config);
        CHECK(m->frame.config->record == c.video[0].config->record);
    }
    CHECK(frames == c.video.size());

    // A server asking the client for a keep-alive gets 200, anything else 501.
    REQUIRE_FALSE(client.feed(lal::as_byte_span(std::string_view("GET_PARAMETER rtsp://h/live/x RTSP/1.0\r\nCSeq: 90\r\n\r\n"
                                                                 "REDIRECT rtsp://h/live/x RTSP/1.0\r\nCSeq: 91\r\n\r\n")),
                              60));
    std::string answers;
    for (const auto& p : client.take_output()) answers += lal::as_string_view(p.bytes());
    CHECK(answers == "RTSP/1.0 200 OK\r\nCSeq: 90\r\n\r\nRTSP/1.0 501 Not Implemented\r\nCSeq: 91\r\n\r\n");
}
