// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/write.hpp>

#include <lal/net/error.hpp>
#include <lal/net/socket_io.hpp>

#include "support.hpp"
#include "test_owner.hpp"

using lal::net::socket_io;
using lal::test::run_until;
using clock_type = std::chrono::steady_clock;

namespace {

using lal::test::pattern;
using lal::test::read_available;
using lal::test::test_owner;
using lal::test::text;

struct fixture {
    /// `small_buffers`: the server side sends through an 8 KiB buffer to a
    /// peer with a 16 KiB receive buffer, so a few hundred KiB fill the path.
    explicit fixture(lal::net::socket_settings settings = {}, bool small_buffers = false) {
        auto [server, client] = lal::test::tcp_pair(io, small_buffers ? 16384 : 0);
        if (small_buffers) server.set_option(asio::socket_base::send_buffer_size(8192));
        peer = std::move(client);
        owner = std::make_shared<test_owner>(std::move(server), settings);
    }
    asio::io_context io;
    asio::ip::tcp::socket peer{io};
    std::shared_ptr<test_owner> owner;
};

}  // namespace

TEST_CASE("socket_io reads what the peer sends and counts it", "[net][socket_io][asio]") {
    fixture f;
    f.owner->io.start();
    CHECK(f.owner->io.started());
    asio::write(f.peer, asio::buffer(std::string("hello, ")));
    asio::write(f.peer, asio::buffer(std::string("world")));
    REQUIRE(run_until(f.io, [&] { return f.owner->input == "hello, world"; }));
    CHECK(f.owner->io.bytes_read() == 12);
    CHECK(f.owner->io.stats().bytes_read == 12);
    CHECK(f.owner->io.remote_endpoint() == f.peer.local_endpoint());

    // Paused input stays in the socket until resume_reading().
    f.owner->paused = true;
    asio::write(f.peer, asio::buffer(std::string("x")));  // the read already armed takes this one
    REQUIRE(run_until(f.io, [&] { return f.owner->input.size() == 13; }));
    asio::write(f.peer, asio::buffer(std::string("later")));
    f.io.poll();
    CHECK(f.owner->input.size() == 13);
    f.owner->paused = false;
    f.owner->io.resume_reading();
    REQUIRE(run_until(f.io, [&] { return f.owner->input == "hello, worldxlater"; }));
    f.owner->io.abort({});
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
}

TEST_CASE("socket_io calls on_deadline once the owner's deadline passed", "[net][socket_io][asio]") {
    fixture f;
    auto start = clock_type::now();
    f.owner->deadline_at = start + std::chrono::milliseconds(60);
    f.owner->io.start();
    REQUIRE(run_until(f.io, [&] { return f.owner->deadlines == 1; }));
    CHECK(clock_type::now() - start >= std::chrono::milliseconds(60));
    // A deadline moved earlier takes effect after update_deadline().
    f.owner->deadline_at = clock_type::now() + std::chrono::hours(1);
    f.owner->io.update_deadline();
    f.owner->deadline_at = clock_type::now() + std::chrono::milliseconds(30);
    f.owner->io.update_deadline();
    REQUIRE(run_until(f.io, [&] { return f.owner->deadlines == 2; }, std::chrono::seconds(5)));
    CHECK_FALSE(f.owner->closed);
    f.owner->io.abort({});
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
}

TEST_CASE("socket_io holds back-pressure in its queue until the peer reads", "[net][socket_io][asio]") {
    fixture f({}, true);
    f.owner->io.start();
    const auto data = pattern(2 << 20);
    for (std::size_t i = 0; i < data.size(); i += 4096) f.owner->pending.push_back(text(data.substr(i, 4096)));
    f.owner->io.flush();
    CHECK(f.owner->io.bytes_queued() > 0);  // the socket took only part of it
    CHECK(f.owner->io.bytes_queued() + f.owner->io.bytes_written() == data.size());
    CHECK(f.owner->drained == 0);
    std::string received;
    bool eof = false;
    REQUIRE(run_until(f.io, [&] {
        read_available(f.peer, received, eof);
        return received.size() == data.size();
    }));
    CHECK(received == data);
    CHECK(f.owner->io.bytes_queued() == 0);
    CHECK(f.owner->io.bytes_written() == data.size());
    CHECK(f.owner->drained == 1);
    auto s = f.owner->io.stats();
    CHECK(s.bytes_written == data.size());
    CHECK(s.write_calls >= 2);
    CHECK(s.write_calls < data.size() / 4096);  // gathered: fewer calls than buffers
    f.owner->io.abort({});
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
}

TEST_CASE("a graceful close sends every queued byte, then FIN, then waits for the peer's FIN",
          "[net][socket_io][asio]") {
    fixture f;
    f.owner->io.start();
    const auto data = pattern(3 << 20);
    for (std::size_t i = 0; i < data.size(); i += 65536) f.owner->pending.push_back(text(data.substr(i, 65536)));
    f.owner->io.close(std::make_error_code(std::errc::timed_out));
    CHECK(f.owner->io.closing());
    std::string received;
    bool eof = false;
    REQUIRE(run_until(f.io, [&] {
        read_available(f.peer, received, eof);
        return eof;
    }));
    CHECK(received == data);
    CHECK_FALSE(f.owner->closed);  // still waiting for our FIN
    f.peer.shutdown(asio::ip::tcp::socket::shutdown_send);
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
    CHECK(*f.owner->closed == std::errc::timed_out);  // the reason given to close()
    CHECK_FALSE(f.owner->io.is_open());
}

TEST_CASE("a close the peer does not answer ends at close_timeout", "[net][socket_io][asio]") {
    lal::net::socket_settings settings;
    settings.close_timeout = std::chrono::milliseconds(100);
    fixture f(settings, true);
    f.owner->io.start();
    f.owner->pending.push_back(text(pattern(4 << 20)));  // far more than the socket takes
    auto start = clock_type::now();
    f.owner->io.close({});
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
    CHECK(*f.owner->closed == lal::net::errc::close_timeout);
    CHECK(clock_type::now() - start >= std::chrono::milliseconds(100));
    CHECK(f.owner->io.bytes_queued() == 0);  // dropped with the socket
}

TEST_CASE("abort closes at once and drops what is queued", "[net][socket_io][asio]") {
    fixture f({}, true);
    f.owner->io.start();
    const auto data = pattern(4 << 20);
    f.owner->pending.push_back(text(data));
    f.owner->io.flush();
    REQUIRE(f.owner->io.bytes_queued() > 0);
    f.owner->io.abort(std::make_error_code(std::errc::connection_aborted));
    CHECK_FALSE(f.owner->io.is_open());
    CHECK(f.owner->io.bytes_queued() == 0);
    CHECK_FALSE(f.owner->closed);  // posted, never inside the owner's own call
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
    CHECK(*f.owner->closed == std::errc::connection_aborted);
    std::string received;
    bool eof = false;
    REQUIRE(run_until(f.io, [&] {
        read_available(f.peer, received, eof);
        return eof;
    }));
    CHECK(received.size() < data.size());
}

TEST_CASE("the peer closing ends the connection with eof", "[net][socket_io][asio]") {
    fixture f;
    f.owner->io.start();
    f.peer.close();
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
    CHECK(*f.owner->closed == asio::error::eof);
}

TEST_CASE("schedule_flush writes once at the end of the handler batch", "[net][socket_io][asio]") {
    fixture f;
    f.owner->io.start();
    for (int i = 0; i < 50; ++i) {
        f.owner->pending.push_back(text(std::to_string(i) + ";"));
        f.owner->io.schedule_flush();
    }
    CHECK(f.owner->io.bytes_written() == 0);
    std::string received;
    bool eof = false;
    REQUIRE(run_until(f.io, [&] {
        read_available(f.peer, received, eof);
        return f.owner->pending.empty() && f.owner->io.bytes_queued() == 0 && !received.empty() &&
               received.back() == ';' && received.size() == f.owner->io.bytes_written();
    }));
    CHECK(f.owner->io.stats().write_calls == 1);
    f.owner->io.abort({});
    REQUIRE(run_until(f.io, [&] { return f.owner->closed.has_value(); }));
}
