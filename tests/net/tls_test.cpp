// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <asio/write.hpp>

#include <lal/net/error.hpp>
#include <lal/net/socket_io.hpp>
#include <lal/net/tls_context.hpp>
#include <lal/net/tls_error.hpp>

#include "support.hpp"
#include "test_owner.hpp"
#include "tls_cert.hpp"

using lal::net::tls_context;
using lal::test::clock_type;
using lal::test::pattern;
using lal::test::run_until;
using lal::test::test_owner;
using lal::test::text;

namespace {

/// One certificate for the whole run (making keys is the slow part), removed at exit.
const lal::test::test_cert& cert() {
    struct holder {
        lal::test::test_cert c = lal::test::make_test_cert();
        ~holder() {
            std::error_code ignored;
            if (!c.dir.empty()) std::filesystem::remove_all(c.dir, ignored);
        }
    };
    static const holder h;
    return h.c;
}

std::shared_ptr<const tls_context> server_context() {
    std::string error;
    auto c = tls_context::server(cert().cert_file, cert().key_file, error);
    REQUIRE(c);
    CHECK(error.empty());
    return *c;
}

/// A TLS server socket_io and a TLS client socket_io on a loopback pair.
struct tls_pair {
    explicit tls_pair(lal::net::socket_settings server_settings = {},
                      std::shared_ptr<const tls_context> client_ctx = tls_context::default_client(),
                      std::string server_name = "localhost", bool small_buffers = false) {
        auto [s, c] = lal::test::tcp_pair(io, small_buffers ? 16384 : 0);
        if (small_buffers) s.set_option(asio::socket_base::send_buffer_size(8192));
        server_settings.tls = server_context();
        server = std::make_shared<test_owner>(std::move(s), server_settings);
        client = std::make_shared<test_owner>(std::move(c), lal::net::socket_settings{});
        client->io.use_tls(std::move(client_ctx), std::move(server_name));
    }
    void start() {
        server->io.start();
        client->io.start();
    }
    asio::io_context io;
    std::shared_ptr<test_owner> server;
    std::shared_ptr<test_owner> client;
};

}  // namespace

TEST_CASE("a TLS server context names the certificate or key file that does not load", "[net][tls]") {
    REQUIRE_FALSE(cert().dir.empty());
    std::string error;
    auto missing = tls_context::server(cert().dir + "/none.pem", cert().key_file, error);
    CHECK_FALSE(missing);
    CHECK(error == "cannot read certificate file " + cert().dir + "/none.pem");

    missing = tls_context::server(cert().cert_file, cert().dir + "/nokey.pem", error);
    CHECK_FALSE(missing);
    CHECK(error == "cannot read key file " + cert().dir + "/nokey.pem");

    // A readable file that holds no certificate: OpenSSL's reason follows the name.
    const auto garbage = cert().dir + "/garbage.pem";
    std::ofstream(garbage) << "not a certificate\n";
    auto bad = tls_context::server(garbage, cert().key_file, error);
    CHECK_FALSE(bad);
    CHECK(error.starts_with("cannot load certificate file " + garbage + ": "));

    bad = tls_context::server(cert().cert_file, garbage, error);
    CHECK_FALSE(bad);
    CHECK(error.starts_with("cannot load key file " + garbage + ": "));

    // A key of another pair.
    const auto other = lal::test::make_test_cert();
    bad = tls_context::server(cert().cert_file, other.key_file, error);
    CHECK_FALSE(bad);
    CHECK(error.starts_with("cannot load key file " + other.key_file + ": "));
    CHECK(error.find("mismatch") != std::string::npos);
    std::filesystem::remove_all(other.dir);

    auto good = tls_context::server(cert().cert_file, cert().key_file, error);
    REQUIRE(good);
    CHECK((*good)->is_server());
}

TEST_CASE("socket_io carries bytes both ways over TLS and closes with close_notify", "[net][tls][asio]") {
    tls_pair p;
    const auto up = pattern(3 << 20);
    const auto down = pattern(1 << 20).substr(7);
    // Queued before the handshake: held until it completes.
    for (std::size_t i = 0; i < up.size(); i += 1000) p.client->pending.push_back(text(up.substr(i, 1000)));
    p.start();
    p.client->io.flush();
    REQUIRE(run_until(p.io, [&] { return p.server->input.size() == up.size(); }));
    CHECK(p.server->input == up);
    CHECK(p.server->io.bytes_read() == up.size());   // plaintext, not record bytes
    CHECK(p.client->io.bytes_written() == up.size());

    p.server->pending.push_back(text(down));
    p.server->io.close({});
    // The client reads everything, then close_notify ends its stream (eof).
    REQUIRE(run_until(p.io, [&] { return p.client->closed.has_value(); }));
    CHECK(p.client->input == down);
    CHECK(*p.client->closed == asio::error::eof);
    REQUIRE(run_until(p.io, [&] { return p.server->closed.has_value(); }));
    CHECK_FALSE(*p.server->closed);
    CHECK(p.server->io.stats().bytes_written == down.size());
}

TEST_CASE("TLS input held while paused is delivered on resume_reading", "[net][tls][asio]") {
    tls_pair p;
    p.start();
    p.client->pending.push_back(text("first"));
    p.client->io.flush();
    REQUIRE(run_until(p.io, [&] { return p.server->input == "first"; }));
    // The records reach the server (loopback delivers at once) and are read
    // from the socket by the read already armed, but stay in the session
    // while the owner pauses: the socket has nothing more to wake it for them.
    p.server->paused = true;
    p.client->pending.push_back(text("second"));
    p.client->pending.push_back(text("third"));
    p.client->io.flush();
    CHECK(p.client->io.bytes_queued() == 0);
    p.io.poll();
    p.io.poll();
    CHECK(p.server->input == "first");
    p.server->paused = false;
    p.server->io.resume_reading();
    REQUIRE(run_until(p.io, [&] { return p.server->input == "firstsecondthird"; }));
    p.server->io.abort({});
    p.client->io.abort({});
    REQUIRE(run_until(p.io, [&] { return p.server->closed && p.client->closed; }));
}

TEST_CASE("TLS back-pressure: the sealed and the plain bytes both count as queued", "[net][tls][asio]") {
    tls_pair p({}, tls_context::default_client(), "localhost", true);
    p.start();
    REQUIRE(run_until(p.io, [&] {
        p.client->pending.push_back(text("x"));
        p.client->io.flush();
        return !p.server->input.empty();
    }));
    const auto data = pattern(4 << 20);
    for (std::size_t i = 0; i < data.size(); i += 4096) p.server->pending.push_back(text(data.substr(i, 4096)));
    p.client->paused = true;  // the client does not read: the server's socket fills
    p.server->io.flush();
    p.io.poll();
    CHECK(p.server->io.bytes_queued() > 0);
    CHECK(p.server->io.bytes_written() < data.size());
    p.client->paused = false;
    p.client->io.resume_reading();
    REQUIRE(run_until(p.io, [&] { return p.client->input.size() == data.size(); }));
    CHECK(p.client->input == data);
    CHECK(p.server->io.bytes_queued() == 0);
    CHECK(p.server->drained >= 1);
    p.server->io.abort({});
    p.client->io.abort({});
    REQUIRE(run_until(p.io, [&] { return p.server->closed && p.client->closed; }));
}

TEST_CASE("garbage instead of a TLS handshake closes the connection with a handshake error", "[net][tls][asio]") {
    asio::io_context io;
    auto [s, peer] = lal::test::tcp_pair(io);
    lal::net::socket_settings settings;
    settings.tls = server_context();
    auto server = std::make_shared<test_owner>(std::move(s), settings);
    server->io.start();
    asio::write(peer, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n\r\n")));
    REQUIRE(run_until(io, [&] { return server->closed.has_value(); }));
    CHECK(lal::net::is_tls_handshake_failure(*server->closed));
    CHECK(server->closed->message().starts_with("TLS handshake failed: "));
    CHECK(server->input.empty());
}

TEST_CASE("a TLS handshake that stops halfway ends at tls_handshake_timeout", "[net][tls][asio]") {
    asio::io_context io;
    auto [s, peer] = lal::test::tcp_pair(io);
    lal::net::socket_settings settings;
    settings.tls = server_context();
    settings.tls_handshake_timeout = std::chrono::milliseconds(150);
    auto server = std::make_shared<test_owner>(std::move(s), settings);
    const auto start = clock_type::now();
    server->io.start();
    // The first bytes of a ClientHello record header, then silence.
    const unsigned char partial[] = {0x16, 0x03, 0x01, 0x02};
    asio::write(peer, asio::buffer(partial));
    REQUIRE(run_until(io, [&] { return server->closed.has_value(); }));
    CHECK(*server->closed == lal::net::errc::tls_handshake_timeout);
    CHECK(lal::net::is_tls_handshake_failure(*server->closed));
    CHECK(clock_type::now() - start >= std::chrono::milliseconds(150));
}

TEST_CASE("a verifying TLS client accepts the right name and refuses another", "[net][tls][asio]") {
    std::string error;
    auto verifying = tls_context::client({cert().cert_file}, error);
    REQUIRE(verifying);
    CHECK((*verifying)->verifies_peer());

    tls_pair good({}, *verifying, "localhost");
    good.start();
    good.client->pending.push_back(text("hello"));
    good.client->io.flush();
    REQUIRE(run_until(good.io, [&] { return good.server->input == "hello"; }));

    tls_pair wrong({}, *verifying, "elsewhere.example");
    wrong.start();
    REQUIRE(run_until(wrong.io, [&] { return wrong.client->closed.has_value(); }));
    CHECK(wrong.client->closed->category() == lal::net::tls_handshake_category());
    REQUIRE(run_until(wrong.io, [&] { return wrong.server->closed.has_value(); }));
    CHECK(wrong.server->input.empty());

    auto missing = tls_context::client({cert().dir + "/no-ca.pem"}, error);
    CHECK_FALSE(missing);
    CHECK(error == "cannot read CA file " + cert().dir + "/no-ca.pem");
}
