// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include <lal/flv/media_header.hpp>
#include <lal/httpflv/error.hpp>
#include <lal/httpflv/response.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/httpflv_asio/acceptor.hpp>
#include <lal/httpflv_asio/pull_client.hpp>

#include "raw_client.hpp"
#include "data_path.hpp"

using lal::httpflv_asio::acceptor;
using lal::httpflv_asio::pull_client;
using lal::httpflv_asio::pull_handlers;
using lal::httpflv_asio::pull_options;
using lal::httpflv_asio::server_connection;
using lal::test::run_until;
using namespace std::chrono_literals;

namespace {

/// A tiny HTTP-FLV origin: /live/test.flv streams a media file in slices and
/// closes; /live/moved.flv and /hop/<n>.flv redirect; /live/silent.flv never
/// sends a byte; anything else is 404.
struct tiny_origin {
    explicit tiny_origin(asio::io_context& io, std::string file = "media/h264_aac_10s.flv") : acc(io) {
        flv = lal::payload::adopt(lal::test::read_data(file));
        auto ep = acc.listen("127.0.0.1:0");
        REQUIRE(ep);
        port = ep->port();
        auto routes = std::make_shared<lal::http_asio::router>();
        routes->prefix("/", {}, [this](const lal::http::request& req, const std::shared_ptr<server_connection>& c) {
            on_request(c, req);
        });
        acc.start([routes](std::shared_ptr<server_connection> conn, std::size_t) { conn->start(routes); });
    }

    void on_request(const std::shared_ptr<server_connection>& c, const lal::http::request& req) {
        ++requests;
        last_user_agent = std::string(req.headers.find("User-Agent").value_or(""));
        if (req.path == "/live/moved.flv") {
            c->respond(lal::httpflv::response(302).add("Location", "/live/test.flv").add("Content-Length", "0"));
            return;
        }
        if (req.path.starts_with("/hop/")) {
            c->respond(lal::httpflv::response(307).add("Location", "/hop/again.flv").add("Content-Length", "0"));
            return;
        }
        if (req.path == "/live/silent.flv") {
            silent.push_back(c);
            return;
        }
        auto route = lal::httpflv::parse_flv_route(req);
        if (!route || route->stream != "test") {
            c->respond(lal::httpflv::error_response(404, {}, "no such stream"));
            return;
        }
        c->start_stream(lal::httpflv::flv_stream_response(req, options));
        // Slices that cut tags anywhere, all views of one buffer.
        for (std::size_t at = 0; at < flv.size(); at += 777) c->send(flv.slice(at, std::min<std::size_t>(777, flv.size() - at)));
        if (close_after_file) c->close();
    }

    acceptor acc;
    unsigned short port = 0;
    lal::payload flv;
    lal::httpflv::response_options options;
    bool close_after_file = true;
    int requests = 0;
    std::string last_user_agent;
    std::vector<std::shared_ptr<server_connection>> silent;
};

struct pull_result {
    bool closed = false;
    std::error_code error;
    int responses = 0;
    int headers = 0;
    int video = 0;
    int audio = 0;
    int script = 0;
    int keyframes = 0;
};

pull_handlers recorder(pull_result& r) {
    pull_handlers h;
    h.on_response = [&r](const lal::httpflv::response_head& head) {
        CHECK(head.status == 200);
        ++r.responses;
    };
    h.on_header = [&r](const lal::flv::file_header& fh) {
        CHECK(fh.has_video);
        ++r.headers;
    };
    h.on_tag = [&r](lal::flv::tag t) {
        if (t.type == lal::flv::tag_type::video) ++r.video;
        if (t.type == lal::flv::tag_type::audio) ++r.audio;
        if (t.type == lal::flv::tag_type::script) ++r.script;
        if (lal::flv::is_keyframe(t)) ++r.keyframes;
    };
    h.on_closed = [&r](std::error_code ec) {
        CHECK_FALSE(r.closed);  // exactly once
        r.closed = true;
        r.error = ec;
    };
    return h;
}

std::string url(unsigned short port, std::string_view path) {
    return "http://127.0.0.1:" + std::to_string(port) + std::string(path);
}

}  // namespace

TEST_CASE("pull_client receives every tag of a stream the server closes", "[httpflv][asio][pull]") {
    asio::io_context io;
    tiny_origin origin(io);
    origin.options.chunked = GENERATE(false, true);
    pull_result r;
    auto client = std::make_shared<pull_client>(io.get_executor());
    client->start(url(origin.port, "/live/test.flv?token=1"), recorder(r));
    REQUIRE(run_until(io, [&] { return r.closed; }));
    CHECK_FALSE(r.error);
    CHECK(r.responses == 1);
    CHECK(r.headers == 1);
    CHECK(r.script == 1);
    CHECK(r.video == 252);  // 250 frames + sequence header + end of sequence
    CHECK(r.audio == 433);  // 432 frames + AudioSpecificConfig
    CHECK(r.keyframes == 10);
    CHECK(client->status() == 200);
    CHECK(client->bytes_received() > origin.flv.size());
    CHECK(origin.last_user_agent == "lal-httpflvpull");
}

TEST_CASE("pull_client follows redirects, up to a bound", "[httpflv][asio][pull]") {
    asio::io_context io;
    tiny_origin origin(io);
    pull_result r;
    auto client = std::make_shared<pull_client>(io.get_executor());
    client->start(url(origin.port, "/live/moved.flv"), recorder(r));
    REQUIRE(run_until(io, [&] { return r.closed; }));
    CHECK_FALSE(r.error);
    CHECK(r.video == 252);
    CHECK(client->current_url().target == "/live/test.flv");
    CHECK(origin.requests == 2);

    pull_options opts;
    opts.max_redirects = 3;
    pull_result loop;
    auto looping = std::make_shared<pull_client>(io.get_executor(), opts);
    looping->start(url(origin.port, "/hop/start.flv"), recorder(loop));
    REQUIRE(run_until(io, [&] { return loop.closed; }));
    CHECK(loop.error == lal::httpflv::errc::too_many_redirects);
    CHECK(origin.requests == 2 + 4);  // the first request and three redirects followed
}

TEST_CASE("pull_client errors: 404, refused, bad URL, timeout", "[httpflv][asio][pull]") {
    asio::io_context io;
    tiny_origin origin(io);

    pull_result missing;
    auto a = std::make_shared<pull_client>(io.get_executor());
    a->start(url(origin.port, "/live/nothing.flv"), recorder(missing));
    REQUIRE(run_until(io, [&] { return missing.closed; }));
    CHECK(missing.error == lal::httpflv::errc::stream_not_found);
    CHECK(a->status() == 404);
    CHECK(missing.responses == 0);

    // A port nobody listens on: bind one, note it, close it.
    unsigned short dead_port;
    {
        asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        dead_port = probe.local_endpoint().port();
    }
    pull_result refused;
    auto b = std::make_shared<pull_client>(io.get_executor());
    b->start(url(dead_port, "/live/test.flv"), recorder(refused));
    REQUIRE(run_until(io, [&] { return refused.closed; }));
    CHECK(refused.error == asio::error::connection_refused);

    pull_result bad;
    auto c = std::make_shared<pull_client>(io.get_executor());
    c->start("rtmp://127.0.0.1/live/test", recorder(bad));
    REQUIRE(run_until(io, [&] { return bad.closed; }));
    CHECK(bad.error == lal::httpflv::errc::unsupported_scheme);

    pull_options quick;
    quick.connect_timeout = 300ms;
    pull_result silent;
    auto d = std::make_shared<pull_client>(io.get_executor(), quick);
    auto started = std::chrono::steady_clock::now();
    d->start(url(origin.port, "/live/silent.flv"), recorder(silent));
    REQUIRE(run_until(io, [&] { return silent.closed; }));
    CHECK(silent.error == lal::httpflv::errc::timeout);
    CHECK(std::chrono::steady_clock::now() - started >= 250ms);
}

TEST_CASE("pull_client stops on request and reports it once", "[httpflv][asio][pull]") {
    asio::io_context io;
    tiny_origin origin(io);
    origin.close_after_file = false;  // a live stream that does not end
    pull_result r;
    auto client = std::make_shared<pull_client>(io.get_executor());
    auto handlers = recorder(r);
    auto count_tag = handlers.on_tag;
    handlers.on_tag = [&, count_tag](lal::flv::tag t) {
        count_tag(std::move(t));
        if (r.video + r.audio == 100) client->stop();  // stop from inside a callback
    };
    client->start(url(origin.port, "/live/test.flv"), handlers);
    REQUIRE(run_until(io, [&] { return r.closed; }));
    CHECK(r.error == asio::error::operation_aborted);
    CHECK(r.video + r.audio == 100);
    client->stop();  // harmless after the end
}

TEST_CASE("pull_client times out a stream that goes silent", "[httpflv][asio][pull]") {
    asio::io_context io;
    tiny_origin origin(io);
    origin.close_after_file = false;
    pull_options opts;
    opts.read_timeout = 300ms;
    pull_result r;
    auto client = std::make_shared<pull_client>(io.get_executor(), opts);
    client->start(url(origin.port, "/live/test.flv"), recorder(r));
    REQUIRE(run_until(io, [&] { return r.closed; }));
    CHECK(r.error == lal::httpflv::errc::timeout);
    CHECK(r.video == 252);  // everything sent arrived before the silence
}
