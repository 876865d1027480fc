// SPDX-License-Identifier: MIT
// The pull client against a scripted camera: real sockets on loopback, the
// camera's answers written by hand so every failure can be provoked.
#include <catch2/catch.hpp>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/write.hpp>

#include <lal/rtsp/error.hpp>
#include <lal/rtsp/headers.hpp>
#include <lal/rtsp/reader.hpp>
#include <lal/rtp/rtcp.hpp>
#include <lal/rtsp_asio/error.hpp>
#include <lal/rtsp_asio/pull_client.hpp>

#include "run_until.hpp"

using namespace std::chrono_literals;
using lal::test::run_until;

namespace {

// One G.711 A-law track (RFC 3551 4.5.14: static payload type 8, 8 kHz): no
// configuration needed, each packet one frame.
const std::string camera_sdp =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\nm=audio 0 RTP/AVP 8\r\n"
    "a=rtpmap:8 PCMA/8000\r\na=control:track1\r\n";

/// An RTSP camera whose answers a test writes: it accepts one connection,
/// reads requests with lal::rtsp::reader and writes what `answer` returns.
struct scripted_camera {
    explicit scripted_camera(asio::io_context& io)
        : acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}), socket(io) {
        acceptor.async_accept(socket, [this](std::error_code ec) {
            if (!ec) read();
        });
    }
    std::string url() const { return "rtsp://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/cam"; }

    void read() {
        socket.async_read_some(asio::buffer(buffer), [this](std::error_code ec, std::size_t n) {
            if (ec) {
                peer_closed = true;
                return;
            }
            (void)reader.feed(std::as_bytes(std::span(buffer.data(), n)));
            while (auto got = reader.next()) {
                auto* m = std::get_if<lal::rtsp::message>(&*got);
                if (!m) continue;
                requests.push_back(*m);
                if (answer) send(answer(*m));
            }
            read();
        });
    }
    void send(const std::string& bytes) {
        if (bytes.empty()) return;
        std::error_code ec;
        asio::write(socket, asio::buffer(bytes), ec);
    }
    bool saw(const std::string& method) const {
        for (const auto& r : requests)
            if (r.method == method) return true;
        return false;
    }

    asio::ip::tcp::acceptor acceptor;
    asio::ip::tcp::socket socket;
    lal::rtsp::reader reader;
    std::array<char, 4096> buffer{};
    std::vector<lal::rtsp::message> requests;
    std::function<std::string(const lal::rtsp::message&)> answer;
    bool peer_closed = false;
};

std::string ok(const lal::rtsp::message& req, const std::string& headers = {}, const std::string& body = {}) {
    std::string s = "RTSP/1.0 200 OK\r\nCSeq: " + std::to_string(req.cseq().value_or(0)) + "\r\n" + headers;
    if (!body.empty()) s += "Content-Type: application/sdp\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    return s + "\r\n" + body;
}

/// A well-behaved camera: the SDP above, interleaved or UDP as the client asks.
/// `client_rtp_port` receives the client's UDP port from its SETUP;
/// `server_rtcp_port` is the camera's RTCP port its answer names.
std::function<std::string(const lal::rtsp::message&)> good_camera(std::uint16_t* client_rtp_port = nullptr,
                                                                  std::uint16_t server_rtcp_port = 40001) {
    return [client_rtp_port, server_rtcp_port](const lal::rtsp::message& req) -> std::string {
        if (req.method == "OPTIONS") return ok(req, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n");
        if (req.method == "DESCRIBE") return ok(req, "Content-Base: " + std::string(req.uri) + "/\r\n", camera_sdp);
        if (req.method == "SETUP") {
            auto t = lal::rtsp::parse_transport(req.get("Transport").value_or(""));
            REQUIRE(t);
            auto spec = t->front();
            if (!spec.tcp) {
                REQUIRE(spec.client_port);
                CHECK(spec.client_port->first % 2 == 0);  // RFC 3550 11: RTP on an even port
                CHECK(spec.client_port->second == spec.client_port->first + 1);
                if (client_rtp_port) *client_rtp_port = spec.client_port->first;
                spec.server_port =
                    lal::rtsp::number_pair<std::uint16_t>{static_cast<std::uint16_t>(server_rtcp_port - 1), server_rtcp_port};
            }
            return ok(req, "Session: 12345678;timeout=60\r\nTransport: " + lal::rtsp::to_string(spec) + "\r\n");
        }
        if (req.method == "PLAY") return ok(req, "Session: 12345678\r\nRange: npt=0-\r\n");
        return ok(req, "Session: 12345678\r\n");
    };
}

/// An RTP packet of the PCMA track: 160 samples (20 ms), marker set.
std::string rtp_packet(std::uint16_t seq) {
    const std::uint32_t ts = 160u * seq;
    std::string p = {char(0x80), char(0x80 | 8), char(seq >> 8), char(seq & 0xff),
                     char(ts >> 24),  char(ts >> 16),  char(ts >> 8),  char(ts),
                     char(0x11),      char(0x22),      char(0x33),     char(0x44)};
    p += std::string(160, char(0xd5));  // A-law silence
    return p;
}

std::string interleaved(std::uint8_t channel, const std::string& data) {
    return std::string{'$', char(channel), char(data.size() >> 8), char(data.size() & 0xff)} + data;
}

struct outcome {
    bool started = false;
    std::size_t frames = 0;
    std::size_t items = 0;
    std::optional<std::error_code> closed;
};

std::shared_ptr<lal::rtsp_asio::pull_client> start_pull(asio::io_context& io, const std::string& url, outcome& out,
                                                         lal::rtsp_asio::pull_options options = {}) {
    auto c = std::make_shared<lal::rtsp_asio::pull_client>(io.get_executor(), options);
    lal::rtsp_asio::pull_handlers h;
    h.on_started = [&out](const auto& tracks) {
        out.started = true;
        CHECK(tracks.size() == 1);
    };
    h.on_frame = [&out](std::size_t track, lal::media::media_frame& f) {
        CHECK(track == 0);
        CHECK(f.data.size() == 160);
        ++out.frames;
    };
    h.on_item = [&out](lal::media::media_item) { ++out.items; };
    h.on_closed = [&out](std::error_code ec) { out.closed = ec; };
    c->start(url, std::move(h));
    return c;
}

}  // namespace

TEST_CASE("a TCP pull gets interleaved frames, keeps them coming and tears down on stop", "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    cam.answer = good_camera();
    outcome out;
    auto c = start_pull(io, cam.url(), out);
    REQUIRE(run_until(io, [&] { return out.started; }));
    for (std::uint16_t i = 0; i < 5; ++i) cam.send(interleaved(0, rtp_packet(i)));
    REQUIRE(run_until(io, [&] { return out.frames == 5; }));
    CHECK(out.items >= 5);  // frame items (G.711 has no configuration)
    CHECK(c->playing());
    c->stop();
    REQUIRE(run_until(io, [&] { return out.closed && cam.saw("TEARDOWN"); }));
    CHECK(*out.closed == asio::error::operation_aborted);
    CHECK(cam.requests.at(2).get("Transport").value_or("").find("interleaved=0-1") != std::string_view::npos);
}

TEST_CASE("a UDP pull binds an even/odd port pair, takes datagrams from the server only, in sequence order",
          "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    std::uint16_t client_port = 0;
    cam.answer = good_camera(&client_port);
    outcome out;
    lal::rtsp_asio::pull_options o;
    o.mode = lal::rtsp_asio::transport_mode::udp;
    auto c = start_pull(io, cam.url(), out, o);
    REQUIRE(run_until(io, [&] { return out.started; }));
    REQUIRE(client_port != 0);
    asio::ip::udp::socket sender(io, {asio::ip::make_address("127.0.0.1"), 0});
    const asio::ip::udp::endpoint to(asio::ip::make_address("127.0.0.1"), client_port);
    // Another host (127.0.0.2 is loopback too) is not the camera: its packet is ignored.
    asio::ip::udp::socket stranger(io, {asio::ip::make_address("127.0.0.2"), 0});
    stranger.send_to(asio::buffer(rtp_packet(0)), to);
    // Out of order on the way (RFC 3550 A.1): the reorder buffer puts 1 back before 2.
    for (std::uint16_t i : {0, 2, 1, 3}) sender.send_to(asio::buffer(rtp_packet(i)), to);
    REQUIRE(run_until(io, [&] { return out.frames >= 4; }));
    CHECK(out.frames == 4);
    const auto s = c->stats();
    CHECK(s.bytes_read > 4 * 172);
    CHECK(s.lost_packets == 0);
    CHECK(s.broken_frames == 0);
    CHECK(s.late == 0);
    // A gap that never fills is given up after max_wait: 5 comes out alone, 4 counted lost.
    sender.send_to(asio::buffer(rtp_packet(5)), to);
    REQUIRE(run_until(io, [&] { return out.frames == 5; }));
    CHECK(c->stats().lost_packets == 1);
    c->stop();
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
}

TEST_CASE("a UDP pull sends receiver reports with loss, highest sequence and LSR/DLSR to the server's RTCP port",
          "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    // The camera's RTCP socket, where the reports must arrive (RFC 3550 6.4.2).
    asio::ip::udp::socket camera_rtcp(io, {asio::ip::make_address("127.0.0.1"), 0});
    std::uint16_t client_port = 0;
    cam.answer = good_camera(&client_port, camera_rtcp.local_endpoint().port());
    outcome out;
    lal::rtsp_asio::pull_options o;
    o.mode = lal::rtsp_asio::transport_mode::udp;
    o.rtcp_interval = 200ms;  // the first report after 100 ms
    auto c = start_pull(io, cam.url(), out, o);
    REQUIRE(run_until(io, [&] { return out.started; }));
    asio::ip::udp::socket sender(io, {asio::ip::make_address("127.0.0.1"), 0});
    const asio::ip::udp::endpoint rtp_to(asio::ip::make_address("127.0.0.1"), client_port);
    const asio::ip::udp::endpoint rtcp_to(asio::ip::make_address("127.0.0.1"), client_port + 1);
    // Sequence 10..19 without 13; then the camera's sender report.
    for (std::uint16_t i = 10; i < 20; ++i)
        if (i != 13) sender.send_to(asio::buffer(rtp_packet(i)), rtp_to);
    std::vector<std::byte> sr;
    REQUIRE_FALSE(lal::rtp::append_rtcp(lal::rtp::sender_report{0x11223344, 0x0000123456780000ull, 1600, 9, 1440, {}}, sr));
    sender.send_to(asio::buffer(sr), rtcp_to);
    REQUIRE(run_until(io, [&] { return out.frames >= 6; }));
    // Reports come every 100 to 300 ms: read until one covers all of the above.
    std::optional<lal::rtp::report_block> block;
    std::optional<lal::rtp::receiver_report> rr;
    std::array<std::byte, 1500> buf{};
    asio::ip::udp::endpoint from;
    bool with_cname = false;
    std::function<void()> receive = [&] {
        camera_rtcp.async_receive_from(asio::buffer(buf), from, [&](std::error_code ec, std::size_t n) {
            if (ec) return;
            auto packets = lal::rtp::parse_rtcp(std::span<const std::byte>(buf.data(), n));
            REQUIRE(packets);
            REQUIRE(packets->size() == 2);  // RFC 3550 6.1: RR first, then SDES with the CNAME
            rr = std::get<lal::rtp::receiver_report>(packets->at(0));
            with_cname = std::get<lal::rtp::source_description>(packets->at(1)).chunks.at(0).items.at(0).type == 1;
            if (!rr->reports.empty() && rr->reports[0].highest_sequence == 19 && rr->reports[0].last_sr != 0) {
                block = rr->reports[0];
                return;
            }
            receive();
        });
    };
    receive();
    REQUIRE(run_until(io, [&] { return block.has_value(); }));
    CHECK(from.port() == client_port + 1);  // from the client's RTCP port
    CHECK(with_cname);
    CHECK(block->ssrc == 0x11223344);
    CHECK(block->cumulative_lost == 1);
    CHECK(block->last_sr == 0x12345678);
    CHECK(block->delay_since_last_sr < 65536);  // well under a second
    CHECK(c->stats().receiver_reports >= 1);
    c->stop();
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
}

TEST_CASE("a garbage answer ends the pull with the parse error", "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    cam.answer = [](const lal::rtsp::message&) { return std::string("HELLO I AM A CAMERA\r\n\r\n"); };
    outcome out;
    auto c = start_pull(io, cam.url(), out);
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
    CHECK(*out.closed == lal::rtsp::errc::bad_start_line);
    CHECK_FALSE(out.started);
}

TEST_CASE("an impossible interleaved length ends the pull", "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    cam.answer = good_camera();
    outcome out;
    auto c = start_pull(io, cam.url(), out);
    REQUIRE(run_until(io, [&] { return out.started; }));
    cam.send(interleaved(0, rtp_packet(0)));
    cam.send(std::string{'$', 0, 0, 1, 'x'});  // shorter than any RTP or RTCP header
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
    CHECK(*out.closed == lal::rtsp::errc::bad_interleaved_length);
    CHECK(out.frames == 1);
}

TEST_CASE("a camera that stops sending is dropped after read_timeout", "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    cam.answer = good_camera();
    outcome out;
    lal::rtsp_asio::pull_options o;
    o.read_timeout = 300ms;
    auto c = start_pull(io, cam.url(), out, o);
    REQUIRE(run_until(io, [&] { return out.started; }));
    cam.send(interleaved(0, rtp_packet(0)));
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
    CHECK(*out.closed == lal::rtsp_asio::errc::read_timeout);
    CHECK(std::chrono::steady_clock::now() - t0 >= 250ms);
}

TEST_CASE("a camera that never answers hits connect_timeout", "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);  // reads, answers nothing
    outcome out;
    lal::rtsp_asio::pull_options o;
    o.connect_timeout = 300ms;
    auto c = start_pull(io, cam.url(), out, o);
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
    CHECK(*out.closed == lal::rtsp_asio::errc::connect_timeout);
    CHECK(cam.saw("OPTIONS"));
}

TEST_CASE("a refusal and a missing password are told apart", "[rtsp_asio][asio]") {
    asio::io_context io;
    scripted_camera cam(io);
    cam.answer = [](const lal::rtsp::message& req) {
        return "RTSP/1.0 401 Unauthorized\r\nCSeq: " + std::to_string(req.cseq().value_or(0)) +
               "\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\"abc\"\r\n\r\n";
    };
    outcome out;
    auto c = start_pull(io, cam.url(), out);
    REQUIRE(run_until(io, [&] { return out.closed.has_value(); }));
    CHECK(*out.closed == lal::rtsp::errc::unauthorized);

    asio::io_context io2;
    scripted_camera closed_cam(io2);
    closed_cam.answer = [&closed_cam](const lal::rtsp::message&) {
        closed_cam.socket.close();
        return std::string();
    };
    outcome out2;
    auto c2 = start_pull(io2, closed_cam.url(), out2);
    REQUIRE(run_until(io2, [&] { return out2.closed.has_value(); }));
    CHECK(*out2.closed == lal::rtsp_asio::errc::closed);
}
