// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/rtsp/error.hpp>
#include <lal/rtsp/reader.hpp>

namespace rtsp = lal::rtsp;

namespace {
// RFC 2326 14.2 (streaming of a container file): the client's DESCRIBE and the server's answer.
constexpr std::string_view rfc_describe =
    "DESCRIBE rtsp://foo/twister RTSP/1.0\r\n"
    "CSeq: 1\r\n"
    "\r\n";
constexpr std::string_view rfc_describe_answer =
    "RTSP/1.0 200 OK\r\n"
    "CSeq: 1\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 161\r\n"
    "\r\n"
    "v=0\r\n"
    "o=- 2890844256 2890842807 IN IP4 172.16.2.93\r\n"
    "s=RTSP Session\r\n"
    "i=An Example of RTSP Session Usage\r\n"
    "a=control:rtsp://foo/twister\r\n"
    "t=0 0\r\n"
    "m=audio 0 RTP/AVP 0\r\n";
// What ffmpeg 5.1 sends to publish with -rtsp_transport tcp (second track's SETUP).
constexpr std::string_view ffmpeg_setup =
    "SETUP rtsp://127.0.0.1:5544/live/x/streamid=1 RTSP/1.0\r\n"
    "Transport: RTP/AVP/TCP;unicast;interleaved=2-3;mode=record\r\n"
    "CSeq: 4\r\n"
    "User-Agent: Lavf59.27.100\r\n"
    "Session: 7c1b4a10\r\n"
    "\r\n";

std::vector<rtsp::item> read_all(rtsp::reader& r, std::string_view text) {
    REQUIRE_FALSE(r.feed(lal::as_byte_span(text)));
    std::vector<rtsp::item> out;
    while (auto i = r.next()) out.push_back(std::move(*i));
    return out;
}

std::string frame_bytes(std::uint8_t channel, std::string_view data) {
    std::string s = "$";
    s += static_cast<char>(channel);
    s += static_cast<char>(data.size() >> 8);
    s += static_cast<char>(data.size() & 0xff);
    s += data;
    return s;
}

std::error_code feed_error(std::string_view text, rtsp::reader_limits limits = {}) {
    rtsp::reader r(limits);
    return r.feed(lal::as_byte_span(text));
}
}  // namespace

TEST_CASE("RFC 2326's DESCRIBE request and its answer parse", "[rtsp][reader]") {
    rtsp::reader r;
    auto items = read_all(r, std::string(rfc_describe) + std::string(rfc_describe_answer));
    REQUIRE(items.size() == 2);
    const auto& req = std::get<rtsp::message>(items[0]);
    CHECK(req.is_request);
    CHECK(req.method == "DESCRIBE");
    CHECK(req.uri == "rtsp://foo/twister");
    CHECK(req.cseq() == 1u);
    const auto& res = std::get<rtsp::message>(items[1]);
    CHECK_FALSE(res.is_request);
    CHECK(res.status == 200);
    CHECK(res.reason == "OK");
    CHECK(res.get("content-type") == "application/sdp");
    CHECK(res.body.size() == 161);
    CHECK(res.body.starts_with("v=0\r\n"));
    CHECK(res.body.ends_with("m=audio 0 RTP/AVP 0\r\n"));
    CHECK(r.buffered() == 0);
}

TEST_CASE("messages and interleaved frames read the same at every split", "[rtsp][reader]") {
    const std::string rtp(40, '\x80');
    const std::string stream = std::string(ffmpeg_setup) + frame_bytes(2, rtp) + "\r\n" +
                               std::string(rfc_describe_answer) + frame_bytes(3, std::string_view("\x81\xc8\x00\x06", 4)) +
                               std::string(rfc_describe);
    for (std::size_t split = 0; split <= stream.size(); ++split) {
        rtsp::reader r;
        std::vector<rtsp::item> items;
        for (auto part : {std::string_view(stream).substr(0, split), std::string_view(stream).substr(split)}) {
            REQUIRE_FALSE(r.feed(lal::as_byte_span(part)));
            while (auto i = r.next()) items.push_back(std::move(*i));
        }
        REQUIRE(items.size() == 5);
        const auto& setup = std::get<rtsp::message>(items[0]);
        CHECK(setup.method == "SETUP");
        CHECK(setup.get("Transport") == "RTP/AVP/TCP;unicast;interleaved=2-3;mode=record");
        CHECK(setup.get("session") == "7c1b4a10");
        const auto& f = std::get<rtsp::interleaved_frame>(items[1]);
        CHECK(f.channel == 2);
        CHECK(lal::as_string_view(f.data.bytes()) == rtp);
        CHECK(std::get<rtsp::message>(items[2]).body.size() == 161);
        CHECK(std::get<rtsp::interleaved_frame>(items[3]).channel == 3);
        CHECK(std::get<rtsp::message>(items[4]).method == "DESCRIBE");
        CHECK(r.buffered() == 0);
    }
}

TEST_CASE("one byte at a time", "[rtsp][reader]") {
    const std::string stream = std::string(rfc_describe_answer) + frame_bytes(0, "abcdefgh");
    rtsp::reader r;
    std::size_t n = 0;
    for (char c : stream) {
        REQUIRE_FALSE(r.feed(lal::as_byte_span(std::string_view(&c, 1))));
        while (r.next()) ++n;
    }
    CHECK(n == 2);
}

TEST_CASE("LF line ends, folded headers and spaces around values", "[rtsp][reader]") {
    rtsp::reader r;
    auto items = read_all(r, "OPTIONS * RTSP/1.0\nCSeq:   7  \nX-Long: a\n  b\n\n");
    REQUIRE(items.size() == 1);
    const auto& m = std::get<rtsp::message>(items[0]);
    CHECK(m.uri == "*");
    CHECK(m.cseq() == 7u);
    CHECK(m.get("X-Long") == "a b");
}

TEST_CASE("builders write what the reader reads back", "[rtsp][reader]") {
    auto req = rtsp::make_request("ANNOUNCE", "rtsp://h/live/x", 2);
    req.headers.push_back({"Content-Type", "application/sdp"});
    req.body = "v=0\r\n";
    CHECK(rtsp::to_string(req) ==
          "ANNOUNCE rtsp://h/live/x RTSP/1.0\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
          "Content-Length: 5\r\n\r\nv=0\r\n");
    auto res = rtsp::make_response(req, 454);
    CHECK(rtsp::to_string(res) == "RTSP/1.0 454 Session Not Found\r\nCSeq: 2\r\n\r\n");
    rtsp::reader r;
    auto items = read_all(r, rtsp::to_string(req) + rtsp::to_string(res));
    REQUIRE(items.size() == 2);
    CHECK(std::get<rtsp::message>(items[0]).body == "v=0\r\n");
    CHECK(std::get<rtsp::message>(items[1]).status == 454);
}

TEST_CASE("malformed input is a precise error and the reader stays dead", "[rtsp][reader]") {
    using rtsp::errc;
    CHECK(feed_error("GET\r\n\r\n") == errc::bad_start_line);
    CHECK(feed_error("DESCRIBE rtsp://x HTTP/1.1\r\n\r\n") == errc::bad_start_line);
    CHECK(feed_error("RTSP/1.0 2x0 OK\r\n\r\n") == errc::bad_start_line);
    CHECK(feed_error("\x16\x03\x01\x02 garbage\r\n") == errc::bad_start_line);
    CHECK(feed_error("OPTIONS * RTSP/1.0\r\nno colon here\r\n\r\n") == errc::bad_header);
    CHECK(feed_error("OPTIONS * RTSP/1.0\r\n: empty\r\n\r\n") == errc::bad_header);
    CHECK(feed_error("OPTIONS * RTSP/1.0\r\nContent-Length: -1\r\n\r\n") == errc::bad_content_length);
    CHECK(feed_error("OPTIONS * RTSP/1.0\r\nContent-Length: 99999999999999999999999\r\n\r\n") ==
          errc::body_too_large);
    CHECK(feed_error("OPTIONS * RTSP/1.0\r\nContent-Length: 65537\r\n\r\n") == errc::body_too_large);
    CHECK(feed_error("OPTIONS * RTSP/1.0\r\nX: " + std::string(5000, 'a')) == errc::line_too_long);
    std::string many = "OPTIONS * RTSP/1.0\r\n";
    for (int i = 0; i < 65; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
    CHECK(feed_error(many) == errc::too_many_headers);
    CHECK(feed_error(frame_bytes(32, "abcd")) == errc::bad_interleaved_channel);
    CHECK(feed_error(frame_bytes(0, "")) == errc::bad_interleaved_length);
    CHECK(feed_error(frame_bytes(0, "abcdefgh"), {.max_frame = 4}) == errc::bad_interleaved_length);

    rtsp::reader r;
    CHECK(r.feed(lal::as_byte_span(std::string_view("$\x40\x00\x10", 4))) == errc::bad_interleaved_channel);
    CHECK(r.feed(lal::as_byte_span(rfc_describe)) == errc::bad_interleaved_channel);
    CHECK_FALSE(r.next());
    CHECK(std::error_code(errc::bad_interleaved_length).message() == "interleaved frame length out of range");
}

TEST_CASE("a line without its end is bounded before it is held", "[rtsp][reader]") {
    rtsp::reader r;
    const std::string part(1000, 'A');
    std::error_code ec;
    for (int i = 0; i < 10 && !ec; ++i) ec = r.feed(lal::as_byte_span(part));
    CHECK(ec == rtsp::errc::line_too_long);
    CHECK(r.buffered() <= 5000);
}

TEST_CASE("only RTSP/1.0; an empty continuation line adds nothing", "[rtsp][reader]") {
    CHECK(feed_error("OPTIONS * RTSP/1.00\r\nCSeq: 1\r\n\r\n") == rtsp::errc::bad_start_line);
    CHECK(feed_error("RTSP/1.1 200 OK\r\nCSeq: 1\r\n\r\n") == rtsp::errc::bad_start_line);
    rtsp::reader r;
    auto items = read_all(r, "OPTIONS * RTSP/1.0\r\nX: a\r\n \r\nCSeq: 1\r\n\r\n");
    REQUIRE(items.size() == 1);
    CHECK(std::get<rtsp::message>(items[0]).get("X") == "a");
}
