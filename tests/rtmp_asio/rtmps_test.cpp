// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <lal/net/tls_context.hpp>
#include <lal/net/tls_error.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp_asio/acceptor.hpp>
#include <lal/rtmp_asio/client_connection.hpp>

#include "asio_support.hpp"
#include "tls_cert.hpp"

namespace ra = lal::rtmp_asio;
namespace rtmp = lal::rtmp;
namespace sev = lal::rtmp::server_events;
using lal::test::run_until;

namespace {

/// A server that accepts every connect and publish and records the media bodies' sizes.
ra::server_handlers accepting(std::vector<std::size_t>& media) {
    ra::server_handlers h;
    h.on_event = [&media](const std::shared_ptr<ra::server_connection>& c, rtmp::server_event& e) {
        if (std::holds_alternative<sev::connect>(e)) c->session().accept_connect();
        if (auto* p = std::get_if<sev::publish>(&e)) c->session().accept_publish(*p);
        if (auto* m = std::get_if<sev::media>(&e)) media.push_back(m->msg.body.size());
    };
    return h;
}

}  // namespace

TEST_CASE("RTMPS: a client publishes over TLS to a server with a certificate", "[rtmp_asio][tls][asio]") {
    const auto cert = lal::test::make_test_cert();
    REQUIRE_FALSE(cert.dir.empty());
    std::string error;
    auto server_tls = lal::net::tls_context::server(cert.cert_file, cert.key_file, error);
    REQUIRE(server_tls);
    auto verifying = lal::net::tls_context::client({cert.cert_file}, error);
    REQUIRE(verifying);

    asio::io_context io;
    std::vector<std::size_t> media;
    ra::server_options so;
    so.tls = *server_tls;
    lal::test::test_server server(io, so, accepting(media));
    const auto url = "rtmps://127.0.0.1:" + std::to_string(server.endpoint.port()) + "/live/test";

    SECTION("verified by the certificate's address, every message arrives") {
        ra::client_options co;
        co.tls = *verifying;
        auto client = std::make_shared<ra::client_connection>(io.get_executor(), co);
        std::optional<ra::client_result> result;
        ra::client_handlers h;
        h.on_closed = [&](const ra::client_result& r) { result = r; };
        client->start(url, rtmp::client_role::publish, h);
        REQUIRE(run_until(io, [&] { return client->publishing(); }));
        for (std::uint32_t i = 0; i < 50; ++i) {
            std::vector<std::byte> body(1000 + i, std::byte{7});
            client->send(rtmp::message{rtmp::message_type::video, i * 40, 0, 0, lal::payload::adopt(std::move(body))});
        }
        REQUIRE(run_until(io, [&] { return media.size() == 50; }));
        for (std::size_t i = 0; i < media.size(); ++i) CHECK(media[i] == 1000 + i);
        client->close();
        REQUIRE(run_until(io, [&] { return result && server.closes.size() == 1; }));
        CHECK_FALSE(result->error);
        CHECK(server.closes[0] == asio::error::eof);  // close_notify, then the FIN
        CHECK(server.last_stats.bytes_read > 50 * 1000);
    }

    SECTION("a plain RTMP client on the RTMPS port fails the TLS handshake") {
        auto client = std::make_shared<ra::client_connection>(io.get_executor(), ra::client_options{});
        std::optional<ra::client_result> result;
        ra::client_handlers h;
        h.on_closed = [&](const ra::client_result& r) { result = r; };
        client->start(server.url("live/test"), rtmp::client_role::publish, h);
        REQUIRE(run_until(io, [&] { return result && server.closes.size() == 1; }));
        CHECK(result->error);
        CHECK(lal::net::is_tls_handshake_failure(server.closes[0]));
        CHECK(media.empty());
    }

    SECTION("verified by the certificate's host name") {
        ra::client_options co;
        co.tls = *verifying;
        auto client = std::make_shared<ra::client_connection>(io.get_executor(), co);
        client->start("rtmps://localhost:" + std::to_string(server.endpoint.port()) + "/live/test",
                      rtmp::client_role::publish, {});
        REQUIRE(run_until(io, [&] { return client->publishing(); }));
        client->close();
        REQUIRE(run_until(io, [&] { return server.closes.size() == 1; }));
    }
    std::filesystem::remove_all(cert.dir);
}
