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

}  // namespace

TEST_CASE("ffmpeg publishes the clip over RTSP/TCP with Digest auth; every frame arrives", "[rtsp][interop]") {
    fd_guard listener{::socket(AF_INET, SOCK_STREAM, 0)};
    REQUIRE(listener.fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(listener.fd, 1) == 0);
    socklen_t len = sizeof a;
    ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&a), &len);
    const auto url = "rtsp://admin:secret@127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/live/x";
    const std::string clip = lal::test::data_path("media/h264_aac_10s.flv");

    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::execlp(LAL_FFMPEG, "ffmpeg", "-hide_banner", "-loglevel", "error", "-i", clip.c_str(), "-c", "copy", "-f",
                 "rtsp", "-rtsp_transport", "tcp", url.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    pollfd lp{listener.fd, POLLIN, 0};
    REQUIRE(::poll(&lp, 1, 30'000) == 1);
    fd_guard conn{::accept(listener.fd, nullptr, nullptr)};
    REQUIRE(conn.fd >= 0);

    rtsp::server_options options;
    options.session_id = "6a1f03c2";
    options.user = rtsp::credentials{"admin", "secret"};
    options.auth = {rtsp::auth_scheme::digest, "lal", "9f2c11aa", "", "", "", false};
    rtsp::server_session server(options);
    std::vector<media::media_frame> got[2];
    std::vector<std::string> methods;
    bool torn_down = false;
    std::vector<std::byte> buf(65536);
    auto started = std::chrono::steady_clock::now();
    for (;;) {
        REQUIRE(std::chrono::steady_clock::now() < deadline);
        pollfd p{conn.fd, POLLIN, 0};
        if (::poll(&p, 1, 1000) <= 0) continue;
        const auto n = ::recv(conn.fd, buf.data(), buf.size(), 0);
        if (n <= 0) break;  // ffmpeg closed after TEARDOWN
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        REQUIRE_FALSE(server.feed(std::span(buf).first(static_cast<std::size_t>(n)), ms.count()));
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
