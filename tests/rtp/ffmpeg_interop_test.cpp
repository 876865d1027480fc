// SPDX-License-Identifier: MIT
// ffmpeg (a sender no one here wrote) sends the test clip as RTP over UDP to
// loopback ports this test listens on; its SDP is read with lal::sdp and
// every frame is depacketized with lal::rtp and compared with the clip.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <lal/rtp/reorder_buffer.hpp>
#include <lal/sdp/track.hpp>

#include "rtp_helpers.hpp"

namespace rtp = lal::rtp;
namespace media = lal::media;

namespace {

// A UDP socket on 127.0.0.1; port 0 picks a free one.
struct udp_socket {
    int fd = -1;
    std::uint16_t port = 0;
    explicit udp_socket(std::uint16_t want) {
        fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        int size = 4 << 20;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(want);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            fd = -1;
            return;
        }
        socklen_t len = sizeof a;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~udp_socket() {
        if (fd >= 0) ::close(fd);
    }
    udp_socket(const udp_socket&) = delete;
    udp_socket& operator=(const udp_socket&) = delete;
};

// An RTP port and the RTCP port after it (ffmpeg sends RTCP to port + 1).
struct port_pair {
    std::unique_ptr<udp_socket> rtp, rtcp;
    port_pair() {
        for (int attempt = 0; attempt < 50 && !rtcp; ++attempt) {
            rtp = std::make_unique<udp_socket>(0);
            if (rtp->fd < 0 || rtp->port == 65535) continue;
            auto next = std::make_unique<udp_socket>(static_cast<std::uint16_t>(rtp->port + 1));
            if (next->fd >= 0) rtcp = std::move(next);
        }
    }
};

struct received {
    std::vector<lal::payload> rtp;
    std::vector<lal::payload> rtcp;
};

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("ffmpeg's RTP stream and SDP give back every frame of the clip", "[rtp][interop]") {
    port_pair video, audio;
    REQUIRE(video.rtcp);
    REQUIRE(audio.rtcp);
    const auto dir = std::filesystem::temp_directory_path() / ("lal_rtp_interop_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto sdp_path = dir / "stream.sdp";
    const std::string clip = lal::test::data_path("media/h264_aac_10s.flv");
    const auto vurl = "rtp://127.0.0.1:" + std::to_string(video.rtp->port);
    const auto aurl = "rtp://127.0.0.1:" + std::to_string(audio.rtp->port);

    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Paced at 5x real time so loopback never drops a burst.
        ::execlp(LAL_FFMPEG, "ffmpeg", "-hide_banner", "-loglevel", "error", "-readrate", "5", "-i", clip.c_str(),
                 "-map", "0:v", "-c", "copy", "-f", "rtp", vurl.c_str(), "-map", "0:a", "-c", "copy", "-f", "rtp",
                 aurl.c_str(), "-sdp_file", sdp_path.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Receive until ffmpeg exits and the sockets are drained.
    received v, a;
    int status = 0;
    bool exited = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    pollfd fds[4] = {{video.rtp->fd, POLLIN, 0}, {video.rtcp->fd, POLLIN, 0}, {audio.rtp->fd, POLLIN, 0},
                     {audio.rtcp->fd, POLLIN, 0}};
    std::vector<lal::payload>* sinks[4] = {&v.rtp, &v.rtcp, &a.rtp, &a.rtcp};
    for (;;) {
        const int n = ::poll(fds, 4, exited ? 0 : 100);
        if (n > 0) {
            for (int i = 0; i < 4; ++i) {
                if (!(fds[i].revents & POLLIN)) continue;
                std::vector<std::byte> buf(65536);
                const auto got = ::recv(fds[i].fd, buf.data(), buf.size(), 0);
                if (got > 0) {
                    buf.resize(static_cast<std::size_t>(got));
                    sinks[i]->push_back(lal::payload::adopt(std::move(buf)));
                }
            }
            continue;
        }
        if (exited) break;
        if (::waitpid(child, &status, WNOHANG) == child) exited = true;
        REQUIRE(std::chrono::steady_clock::now() < deadline);
    }
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    auto session = lal::sdp::parse(read_text(sdp_path));
    std::filesystem::remove_all(dir);
    REQUIRE(session);
    REQUIRE(session->media.size() == 2);
    auto vt = lal::sdp::describe_track(session->media[0]);
    auto at = lal::sdp::describe_track(session->media[1]);
    REQUIRE(vt);
    REQUIRE(at);
    CHECK(vt->codec == media::codec_id::h264);
    CHECK(at->codec == media::codec_id::aac);
    REQUIRE(vt->config);
    REQUIRE(at->config);

    auto run = [](const lal::sdp::track& t, const received& r) {
        auto d = rtp::make_depacketizer(t.codec, t.clock_rate, t.config, t.depacketizer);
        rtp::reorder_buffer reorder;
        media::micros now = 0;
        for (const auto& datagram : r.rtp) {
            auto p = rtp::parse_packet(datagram);
            REQUIRE(p);
            CHECK(p->header.payload_type == t.payload_type);
            reorder.push(std::move(*p), now += 1000);
            while (auto o = reorder.next(now)) REQUIRE_FALSE(d->push(o->packet));
        }
        while (auto o = reorder.drain()) REQUIRE_FALSE(d->push(o->packet));
        d->flush();
        CHECK(reorder.stats().lost == 0);
        CHECK(d->stats().broken_frames == 0);
        CHECK(d->stats().skipped_frames == 0);
        for (const auto& datagram : r.rtcp) {
            auto c = rtp::parse_rtcp(datagram.bytes());
            REQUIRE(c);
            for (const auto& pk : *c)
                if (auto sr = std::get_if<rtp::sender_report>(&pk)) d->clock().on_sender_report(*sr);
        }
        return d;
    };
    auto vd = run(*vt, v);
    auto ad = run(*at, a);
    auto vframes = rtp::test::drain(*vd);
    auto aframes = rtp::test::drain(*ad);
    auto want_v = rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::video);
    auto want_a = rtp::test::clip_frames("h264_aac_10s.flv", media::media_kind::audio);
    // The clip ends with an end-of-sequence NAL unit ffmpeg sends as a unit of its own.
    REQUIRE(vframes.size() >= want_v.size());
    // ffmpeg's AAC packetizer groups AUs, and the group still held at the
    // end of the input is never sent: up to a few last frames are missing.
    REQUIRE(aframes.size() <= want_a.size());
    REQUIRE(aframes.size() + 8 >= want_a.size());
    for (std::size_t i = 0; i < want_v.size(); ++i) {
        CHECK(vframes[i].data == want_v[i].data);
        CHECK(vframes[i].keyframe == want_v[i].keyframe);
        CHECK(std::abs(vframes[i].pts - (want_v[i].pts - want_v[0].pts)) <= 11);
    }
    for (std::size_t i = 0; i < aframes.size(); ++i) {
        CHECK(aframes[i].data == want_a[i].data);
        CHECK(std::abs(aframes[i].pts - (want_a[i].pts - want_a[0].pts)) <= 1000);
    }
    // The sender reports share one wall clock: audio and video both start at the clip's 0.
    if (!v.rtcp.empty() && !a.rtcp.empty()) {
        auto offset = rtp::sync_offset(ad->clock(), vd->clock());
        REQUIRE(offset);
        CHECK(std::abs(*offset) < 50'000);
    }
}
