// SPDX-License-Identifier: MIT
// ffmpeg (a client no one here wrote) publishes the test clip over RTSP with
// -rtsp_transport tcp and Digest credentials to a server_session driven by
// this test on a loopback socket; every frame must arrive with the clip's
// bytes, and ffmpeg's requests are checked as they came.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <lal/rtp/rtcp.hpp>
#include <lal/rtsp/server_session.hpp>

#include "../rtp/rtp_helpers.hpp"

namespace rtsp = lal::rtsp;
namespace media = lal::media;

namespace {

struct fd_guard {
    int fd = -1;
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

bool write_all(int fd, const std::vector<lal::payload>& out) {
    for (const auto& p : out) {
        auto b = p.bytes();
        while (!b.empty()) {
            auto n = ::send(fd, b.data(), b.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            b = b.subspan(static_cast<std::size_t>(n));
        }
    }
    return true;
}

// A TCP listener on 127.0.0.1 with a free port.
struct listener {
    fd_guard fd{::socket(AF_INET, SOCK_STREAM, 0)};
    std::uint16_t port = 0;
    listener() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd.fd, 1) != 0) return;
        socklen_t len = sizeof a;
        ::getsockname(fd.fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    // The first connection, waiting at most 30 s.
    int accept_one() {
        pollfd p{fd.fd, POLLIN, 0};
        if (::poll(&p, 1, 30'000) != 1) return -1;
        return ::accept(fd.fd, nullptr, nullptr);
    }
};

// Waits for the peer's next bytes and feeds them to `server` with the time
// in ms; false once the peer closed (ffmpeg does after TEARDOWN).
bool receive(int fd, rtsp::server_session& server, std::chrono::steady_clock::time_point deadline) {
    std::vector<std::byte> buf(65536);
    for (;;) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 1000) <= 0) continue;
        const auto n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) return false;
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now().time_since_epoch());
        REQUIRE_FALSE(server.feed(std::span(buf).first(static_cast<std::size_t>(n)), now.count()));
        return true;
    }
}

// Runs ffmpeg with `args` (after "-hide_banner -loglevel error").
pid_t run_ffmpeg(std::vector<std::string> args) {
    args.insert(args.begin(), {"ffmpeg", "-hide_banner", "-loglevel", "error"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        ::execvp(LAL_FFMPEG, argv.data());
        ::_exit(127);
    }
    return child;
}

}  // namespace

TEST_CASE("ffmpeg publishes the clip over RTSP/TCP with Digest auth; every frame arrives", "[rtsp][interop]") {
    listener l;
    REQUIRE(l.port != 0);
    const auto url = "rtsp://admin:secret@127.0.0.1:" + std::to_string(l.port) + "/live/x";
    const std::string clip = lal::test::data_path("media/h264_aac_10s.flv");
    const pid_t child = run_ffmpeg({"-i", clip, "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", url});
    REQUIRE(child > 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    fd_guard conn{l.accept_one()};
    REQUIRE(conn.fd >= 0);

    rtsp::server_options options;
    options.session_id = "6a1f03c2";
    options.user = rtsp::credentials{"admin", "secret"};
    options.auth = {rtsp::auth_scheme::digest, "lal", "9f2c11aa", "", "", "", false};
    rtsp::server_session server(options);
    std::vector<media::media_frame> got[2];
    std::vector<std::string> methods;
    bool torn_down = false;
    while (receive(conn.fd, server, deadline)) {
        while (auto ev = server.next_event()) {
            if (auto* an = std::get_if<rtsp::announce_request>(&*ev)) {
                methods.push_back("ANNOUNCE");
                CHECK(an->request.get("Content-Type") == "application/sdp");
                server.accept(*an);
            } else if (auto* s = std::get_if<rtsp::setup_request>(&*ev)) {
                methods.push_back("SETUP");
                CHECK(s->transport.tcp);
                CHECK(s->transport.mode == "record");
                server.accept(*s);
            } else if (auto* r = std::get_if<rtsp::record_request>(&*ev)) {
                methods.push_back("RECORD");
                server.accept(*r);
            } else if (auto* m = std::get_if<rtsp::media_received>(&*ev)) {
                got[m->track].push_back(std::move(m->frame));
            } else if (std::holds_alternative<rtsp::torn_down>(*ev)) {
                torn_down = true;
            }
        }
        REQUIRE(write_all(conn.fd, server.take_output()));
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(methods == std::vector<std::string>{"ANNOUNCE", "SETUP", "SETUP", "RECORD"});
    CHECK(torn_down);

    REQUIRE(server.tracks().size() == 2);
    CHECK(server.tracks()[0].info.codec == media::codec_id::h264);
    CHECK(server.tracks()[1].info.codec == media::codec_id::aac);
    auto want_v = lal::rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::video);
    auto want_a = lal::rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::audio);
    // The last frame of each track waits for a marker or a later timestamp
    // that never comes; ffmpeg's AAC packetizer also holds back a last group.
    REQUIRE(got[0].size() + 1 >= want_v.size());
    REQUIRE(got[0].size() <= want_v.size() + 1);
    REQUIRE(got[1].size() + 8 >= want_a.size());
    for (std::size_t i = 0; i < std::min(got[0].size(), want_v.size()); ++i) {
        CHECK(got[0][i].data == want_v[i].data);
        CHECK(got[0][i].keyframe == want_v[i].keyframe);
    }
    for (std::size_t i = 0; i < std::min(got[1].size(), want_a.size()); ++i) CHECK(got[1][i].data == want_a[i].data);
}

TEST_CASE("ffmpeg plays the clip from a server session over RTSP/TCP and writes every frame to FLV", "[rtsp][interop]") {
    listener l;
    REQUIRE(l.port != 0);
    const auto dir = std::filesystem::temp_directory_path() / ("lal_rtsp_interop_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto out_path = (dir / "out.flv").string();
    const pid_t child = run_ffmpeg({"-rtsp_transport", "tcp", "-i",
                                    "rtsp://127.0.0.1:" + std::to_string(l.port) + "/live/x", "-c", "copy", "-f",
                                    "flv", "-y", out_path});
    REQUIRE(child > 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    fd_guard conn{l.accept_one()};
    REQUIRE(conn.fd >= 0);

    auto want_v = lal::rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::video);
    auto want_a = lal::rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::audio);
    lal::sdp::session_description sdp;
    sdp.media = {*lal::sdp::media_for(*want_v.front().config, 96, "trackID=0"),
                 *lal::sdp::media_for(*want_a.front().config, 97, "trackID=1")};

    rtsp::server_options options;
    options.session_id = "51de";
    options.random = 1234;
    rtsp::server_session server(options);
    std::vector<std::string> methods;
    bool sent = false;
    bool shut = false;
    while (receive(conn.fd, server, deadline)) {
        while (auto ev = server.next_event()) {
            if (auto* d = std::get_if<rtsp::describe_request>(&*ev)) {
                methods.push_back("DESCRIBE");
                server.accept(*d, sdp);
            } else if (auto* s = std::get_if<rtsp::setup_request>(&*ev)) {
                methods.push_back("SETUP");
                CHECK(s->transport.tcp);
                server.accept(*s);
            } else if (auto* pl = std::get_if<rtsp::play_request>(&*ev)) {
                methods.push_back("PLAY");
                server.accept(*pl);
            } else if (std::holds_alternative<rtsp::torn_down>(*ev)) {
                methods.push_back("TEARDOWN");
            }
        }
        if (server.playing() && !sent) {
            sent = true;
            std::vector<std::pair<std::size_t, const media::media_frame*>> all;
            for (const auto& f : want_v) all.emplace_back(0, &f);
            for (const auto& f : want_a) all.emplace_back(1, &f);
            std::stable_sort(all.begin(), all.end(), [](auto& x, auto& y) { return x.second->dts < y.second->dts; });
            for (auto [track, f] : all) server.send(track, *lal::rtp::packetize(*f, track == 0 ? 90000 : 44100));
            // RFC 3550 6.6: a BYE on each track ends the stream for ffmpeg.
            for (std::size_t t = 0; t < 2; ++t) {
                std::vector<std::byte> bye;
                REQUIRE_FALSE(lal::rtp::append_rtcp(lal::rtp::goodbye{{server.tracks()[t].sender->ssrc()}, {}}, bye));
                server.send_rtcp(t, bye);
            }
        }
        auto out = server.take_output();
        if (!shut) REQUIRE(write_all(conn.fd, out));  // the TEARDOWN's answer cannot go after the shutdown
        // ffmpeg may read the BYEs while it probes the streams and then wait
        // for more: the end of our side of the connection ends its input.
        if (sent && !shut) shut = ::shutdown(conn.fd, SHUT_WR) == 0;
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    REQUIRE(methods.size() >= 4);
    CHECK(std::vector<std::string>(methods.begin(), methods.begin() + 4) ==
          std::vector<std::string>{"DESCRIBE", "SETUP", "SETUP", "PLAY"});

    std::ifstream in(out_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::filesystem::remove_all(dir);
    const auto flv_bytes = text.str();
    lal::flv::reader r;
    REQUIRE_FALSE(r.feed(lal::as_byte_span(flv_bytes)));
    std::vector<lal::payload> video, audio;
    std::size_t keyframes = 0;
    media::track_config_ptr config;
    while (auto t = r.next()) {
        if (t->type != lal::flv::tag_type::video && t->type != lal::flv::tag_type::audio) continue;
        auto item = lal::flv::to_media(t->type, t->timestamp, t->data, config);
        REQUIRE(item);
        if (item->what == lal::flv::media_item::type::config) config = item->config;
        if (item->what != lal::flv::media_item::type::frame) continue;
        (t->type == lal::flv::tag_type::video ? video : audio).push_back(item->frame.data);
        keyframes += item->frame.keyframe && t->type == lal::flv::tag_type::video;
    }
    // The packetizer adds the parameter sets before key frames (for joins), so
    // key frames grow by them; every other frame is the clip's, byte for byte.
    REQUIRE(video.size() == want_v.size());
    REQUIRE(audio.size() == want_a.size());
    std::size_t want_keys = 0;
    for (std::size_t i = 0; i < want_v.size(); ++i) {
        want_keys += want_v[i].keyframe;
        if (!want_v[i].keyframe) CHECK(video[i] == want_v[i].data);
    }
    CHECK(keyframes == want_keys);
    for (std::size_t i = 0; i < want_a.size(); ++i) CHECK(audio[i] == want_a[i].data);
}
