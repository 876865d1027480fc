// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <lal/flv/error.hpp>
#include <lal/flv/media_header.hpp>
#include <lal/httpflv/chunked.hpp>
#include <lal/httpflv/error.hpp>
#include <lal/httpflv/pull_session.hpp>

#include "data_path.hpp"
#include "hex.hpp"
#include "split_feed.hpp"

using lal::httpflv::errc;
using lal::httpflv::pull_session;
using lal::test::bytes_of;

namespace {

struct summary {
    std::vector<std::string> events;  // everything but tags
    std::size_t audio = 0;
    std::size_t video = 0;
    std::size_t script = 0;
    std::uint64_t tag_bytes = 0;
    std::uint32_t last_timestamp = 0;
    std::error_code error;
    friend bool operator==(const summary&, const summary&) = default;
};

void drain(pull_session& s, summary& out) {
    while (auto e = s.next()) {
        if (auto* t = std::get_if<lal::flv::tag>(&*e)) {
            if (t->type == lal::flv::tag_type::audio) ++out.audio;
            if (t->type == lal::flv::tag_type::video) ++out.video;
            if (t->type == lal::flv::tag_type::script) ++out.script;
            out.tag_bytes += t->data.size();
            out.last_timestamp = t->timestamp;
        } else if (auto* h = std::get_if<lal::httpflv::response_head>(&*e)) {
            out.events.push_back("head " + std::to_string(h->status));
        } else if (std::holds_alternative<lal::flv::file_header>(*e)) {
            out.events.push_back("flv header");
        } else if (auto* r = std::get_if<lal::httpflv::redirect>(&*e)) {
            out.events.push_back("redirect " + r->location);
        } else {
            out.events.push_back("end");
        }
    }
}

template <class Feeder>
summary run(const Feeder& feeder, bool close_at_end) {
    pull_session s;
    auto req = s.begin(*lal::httpflv::parse_url("http://127.0.0.1:8080/live/test.flv"));
    REQUIRE(req.starts_with("GET /live/test.flv HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"));
    summary out;
    feeder([&](lal::byte_span in) {
        if (out.error) return;
        out.error = s.feed(in);
        drain(s, out);
    });
    if (!out.error && close_at_end) {
        out.error = s.finish();
        drain(s, out);
    }
    return out;
}

summary run_whole(lal::byte_span in, bool close_at_end = true) {
    return run([&](const auto& f) { f(in); }, close_at_end);
}

}  // namespace

TEST_CASE("a close-delimited HTTP-FLV response becomes the file's tags", "[httpflv][pull]") {
    auto flv = lal::test::read_data("media/h264_aac_10s.flv");
    auto wire = bytes_of("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\nConnection: close\r\n\r\n");
    wire.insert(wire.end(), flv.begin(), flv.end());
    auto whole = run_whole(wire);
    REQUIRE_FALSE(whole.error);
    CHECK(whole.events == std::vector<std::string>{"head 200", "flv header", "end"});
    // 250 video frames + the AVC sequence header + end-of-sequence; 432 AAC frames + config.
    CHECK(whole.video == 252);
    CHECK(whole.audio == 433);
    CHECK(whole.script == 1);

    // The same whatever the read sizes.
    for (std::size_t piece : {1u, 7u, 4096u}) {
        auto r = run(
            [&](const auto& f) {
                lal::byte_span rest = wire;
                while (!rest.empty()) {
                    auto n = std::min(piece, rest.size());
                    f(rest.first(n));
                    rest = rest.subspan(n);
                }
            },
            true);
        CHECK(r == whole);
    }
}

TEST_CASE("chunked HTTP-FLV bodies decode to the same tags", "[httpflv][pull]") {
    auto flv = lal::test::read_data("media/aac_only_5s.flv");
    auto wire = bytes_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    std::vector<lal::payload> framed;
    for (std::size_t at = 0; at < flv.size(); at += 1000) {
        auto n = std::min<std::size_t>(1000, flv.size() - at);
        std::vector<lal::payload> one{lal::payload::copy_from(lal::byte_span(flv).subspan(at, n))};
        lal::httpflv::append_chunk(one, framed);
    }
    framed.push_back(lal::httpflv::last_chunk());
    for (const auto& p : framed) wire.insert(wire.end(), p.bytes().begin(), p.bytes().end());
    auto r = run_whole(wire, false);  // the last chunk ends the stream, no close needed
    REQUIRE_FALSE(r.error);
    CHECK(r.events == std::vector<std::string>{"head 200", "flv header", "end"});
    CHECK(r.audio == 217);
    CHECK(r.video == 0);
}

TEST_CASE("a stream cut inside a tag keeps the whole tags and reports truncation", "[httpflv][pull]") {
    auto flv = lal::test::read_data("media/h264_aac_10s.flv");
    auto wire = bytes_of("HTTP/1.1 200 OK\r\n\r\n");
    wire.insert(wire.end(), flv.begin(), flv.begin() + 5000);
    auto r = run_whole(wire);
    CHECK(r.error == lal::flv::errc::truncated);
    CHECK(r.events == std::vector<std::string>{"head 200", "flv header", "end"});
    CHECK(r.video + r.audio + r.script > 0);
}

TEST_CASE("status codes other than 200 are errors, redirects are events", "[httpflv][pull]") {
    auto not_found = run_whole(bytes_of("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno\n"));
    CHECK(not_found.error == errc::stream_not_found);
    CHECK(not_found.events == std::vector<std::string>{"head 404"});
    CHECK(std::error_code(errc::stream_not_found).message() == "stream not found (HTTP 404)");

    auto busy = run_whole(bytes_of("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"));
    CHECK(busy.error == errc::unexpected_status);

    auto moved = run_whole(bytes_of("HTTP/1.1 302 Found\r\nLocation: /live/other.flv\r\n\r\n"), false);
    CHECK_FALSE(moved.error);
    CHECK(moved.events == std::vector<std::string>{"redirect /live/other.flv"});

    auto not_flv = run_whole(bytes_of("HTTP/1.1 200 OK\r\n\r\n<html>"));
    CHECK(not_flv.error == lal::flv::errc::bad_signature);

    auto empty = run_whole(bytes_of(""));
    CHECK(empty.error == errc::truncated_message);
}

TEST_CASE("begin() resets the session for the next hop", "[httpflv][pull]") {
    pull_session s;
    (void)s.begin(*lal::httpflv::parse_url("http://a/x.flv"));
    CHECK(s.feed(bytes_of("garbage\r\n")) == errc::bad_status_line);
    auto req = s.begin(*lal::httpflv::parse_url("http://b:81/y.flv"), {"ua/1", true});
    CHECK(req == "HEAD /y.flv HTTP/1.1\r\nHost: b:81\r\nUser-Agent: ua/1\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    CHECK_FALSE(s.feed(bytes_of("HTTP/1.1 200 OK\r\nContent-Type: video/x-flv\r\n\r\n")));
    summary out;
    drain(s, out);
    CHECK(out.events == std::vector<std::string>{"head 200", "end"});
    CHECK(s.status() == 200);
}
