// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/ip/tcp.hpp>

#include <lal/rtmp/command.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp_asio/acceptor.hpp>
#include <lal/rtmp_asio/client_connection.hpp>
#include <lal/rtmp_asio/error.hpp>

#include "asio_support.hpp"

using lal::rtmp_asio::client_connection;
using lal::rtmp_asio::client_handlers;
using lal::rtmp_asio::client_options;
using lal::rtmp_asio::client_result;
using lal::rtmp_asio::server_connection;
using lal::rtmp_asio::server_handlers;
using lal::rtmp_asio::server_options;
using lal::test::run_until;
using lal::test::test_server;
using namespace std::chrono_literals;
namespace rtmp = lal::rtmp;
namespace sev = lal::rtmp::server_events;
namespace cev = lal::rtmp::client_events;

namespace {

using conn_ptr = std::shared_ptr<server_connection>;

/// A client plus what it reported.
struct probe {
    probe(asio::io_context& io, client_options options = {})
        : client(std::make_shared<client_connection>(io.get_executor(), std::move(options))) {}

    void start(const std::string& url, rtmp::client_role role) {
        client_handlers h;
        h.on_event = [this](rtmp::client_event& e) { events.push_back(e); };
        h.on_closed = [this](const client_result& r) { result = r; };
        client->start(url, role, h);
    }
    template <class T>
    int count() const {
        int n = 0;
        for (const auto& e : events) n += std::holds_alternative<T>(e) ? 1 : 0;
        return n;
    }

    std::shared_ptr<client_connection> client;
    std::vector<rtmp::client_event> events;
    std::optional<client_result> result;
};

/// A port on 127.0.0.1 where nothing listens (bound, then released).
unsigned short closed_port(asio::io_context& io) {
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    auto port = a.local_endpoint().port();
    a.close();
    return port;
}

}  // namespace

TEST_CASE("a refused connection says so", "[rtmp_asio][client][asio]") {
    asio::io_context io;
    auto port = closed_port(io);
    probe p(io);
    p.start("rtmp://127.0.0.1:" + std::to_string(port) + "/live/test", rtmp::client_role::publish);
    REQUIRE(run_until(io, [&] { return p.result.has_value(); }));
    CHECK(p.result->error == asio::error::connection_refused);
    CHECK_THAT(p.result->description, Catch::Contains("cannot connect to 127.0.0.1:" + std::to_string(port)));
    CHECK_THAT(p.result->description, Catch::Contains("refused"));
    CHECK_FALSE(p.client->is_open());
}

TEST_CASE("a server that accepts and stays silent times the client out", "[rtmp_asio][client][asio]") {
    asio::io_context io;
    asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket held(io);
    silent.async_accept(held, [](std::error_code) {});
    client_options opts;
    opts.connect_timeout = 300ms;
    probe p(io, opts);
    auto started = std::chrono::steady_clock::now();
    p.start("rtmp://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/live/test",
            rtmp::client_role::play);
    REQUIRE(run_until(io, [&] { return p.result.has_value(); }));
    CHECK(std::chrono::steady_clock::now() - started >= 250ms);
    CHECK(p.result->error == lal::rtmp_asio::errc::connect_timeout);
    CHECK_THAT(p.result->description, Catch::StartsWith("timed out during the RTMP handshake"));
    CHECK(held.is_open());
}

TEST_CASE("a bad URL ends the client at once with its error", "[rtmp_asio][client][asio]") {
    asio::io_context io;
    probe p(io);
    p.start("http://127.0.0.1/live/test", rtmp::client_role::play);
    REQUIRE(run_until(io, [&] { return p.result.has_value(); }));
    CHECK(p.result->error == lal::rtmp_asio::errc::bad_scheme);
    CHECK(p.result->description == "bad URL 'http://127.0.0.1/live/test': not an rtmp:// or rtmps:// URL");
}

TEST_CASE("rejected connect, publish and play come back with the server's words", "[rtmp_asio][client][asio]") {
    asio::io_context io;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        if (auto* con = std::get_if<sev::connect>(&e)) {
            if (con->app == "private") c->session().reject_connect("no such app");
            else c->session().accept_connect();
        } else if (auto* pub = std::get_if<sev::publish>(&e)) {
            c->session().reject_publish(*pub, rtmp::status::publish_bad_name, "already publishing");
        } else if (auto* play = std::get_if<sev::play>(&e)) {
            c->session().reject_play(*play, rtmp::status::play_stream_not_found, "no such stream");
        }
    };
    test_server server(io, server_options{}, h);

    probe pub(io), play(io), con(io);
    pub.start(server.url("live/test"), rtmp::client_role::publish);
    play.start(server.url("live/test"), rtmp::client_role::play);
    con.start(server.url("private/test"), rtmp::client_role::play);
    REQUIRE(run_until(io, [&] { return pub.result && play.result && con.result; }));

    CHECK(pub.result->error == rtmp::errc::publish_rejected);
    CHECK(pub.result->description == "publish rejected: NetStream.Publish.BadName already publishing");
    CHECK(pub.count<cev::failed>() == 1);
    CHECK(pub.count<cev::publish_started>() == 0);
    CHECK(play.result->error == rtmp::errc::play_rejected);
    CHECK(play.result->description == "play failed: NetStream.Play.StreamNotFound no such stream");
    CHECK(con.result->error == rtmp::errc::connect_rejected);
    CHECK_THAT(con.result->description, Catch::StartsWith("connect rejected: NetConnection.Connect.Rejected"));
    CHECK_THAT(con.result->description, Catch::Contains("no such app"));
    REQUIRE(run_until(io, [&] { return server.closes.size() == 3; }));
}

TEST_CASE("a publisher that closes sends FCUnpublish and deleteStream first", "[rtmp_asio][client][asio]") {
    asio::io_context io;
    std::vector<std::string> seen;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        if (std::holds_alternative<sev::connect>(e)) c->session().accept_connect();
        if (auto* p = std::get_if<sev::publish>(&e)) {
            c->session().accept_publish(*p);
            seen.push_back("publish " + p->app + "/" + p->stream_name + "?" + p->query);
        }
        if (std::holds_alternative<sev::media>(e)) seen.push_back("media");
        if (auto* u = std::get_if<sev::unpublish>(&e)) seen.push_back("unpublish " + u->stream_name);
    };
    test_server server(io, server_options{}, h);

    probe pub(io);
    pub.start(server.url("live/test?key=1"), rtmp::client_role::publish);
    REQUIRE(run_until(io, [&] { return pub.client->publishing(); }));
    CHECK(pub.count<cev::connected>() == 1);
    CHECK(pub.count<cev::stream_created>() == 1);
    CHECK(pub.count<cev::publish_started>() == 1);
    for (std::uint32_t i = 0; i < 3; ++i) {
        std::vector<std::byte> body(100, std::byte{1});
        CHECK(pub.client->send(rtmp::message{rtmp::message_type::audio, i * 23, 0, 0, lal::payload::adopt(std::move(body))}));
    }
    pub.client->close();
    CHECK_FALSE(pub.client->send(rtmp::message{rtmp::message_type::audio, 100, 0, 0, lal::payload{}}));
    REQUIRE(run_until(io, [&] { return pub.result && server.closes.size() == 1; }));
    CHECK_FALSE(pub.result->error);
    CHECK(pub.result->description == "closed");
    CHECK(server.closes[0] == asio::error::eof);
    CHECK(seen == std::vector<std::string>{"publish live/test?key=1", "media", "media", "media", "unpublish test"});
    CHECK(pub.result->stats.bytes_written > 3 * 100);
}

TEST_CASE("a player hears UnpublishNotify and Stream EOF, then its idle timeout", "[rtmp_asio][client][asio]") {
    asio::io_context io;
    server_handlers h;
    h.on_event = [&](const conn_ptr& c, rtmp::server_event& e) {
        if (std::holds_alternative<sev::connect>(e)) c->session().accept_connect();
        if (auto* p = std::get_if<sev::play>(&e)) {
            c->session().accept_play(*p);
            c->session().send_unpublish_notify(p->stream_id);
            c->schedule_flush();
        }
    };
    test_server server(io, server_options{}, h);

    client_options opts;
    opts.idle_timeout = 300ms;
    probe play(io, opts);
    play.start(server.url("live/test"), rtmp::client_role::play);
    REQUIRE(run_until(io, [&] { return play.result.has_value(); }));
    CHECK(play.count<cev::play_started>() == 1);
    CHECK(play.count<cev::stream_eof>() == 1);
    bool notified = false;
    for (const auto& e : play.events) {
        if (auto* s = std::get_if<cev::status>(&e)) notified |= s->code == rtmp::status::play_unpublish_notify;
    }
    CHECK(notified);
    CHECK(play.result->error == lal::rtmp_asio::errc::idle_timeout);
    CHECK_THAT(play.result->description, Catch::StartsWith("no data from 127.0.0.1:"));
}
