// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include <lal/base/bytes.hpp>
#include <lal/rtmp_asio/detail/send_queue.hpp>

using lal::rtmp_asio::detail::send_queue;

namespace {

/// A connected pair of stream sockets; closed at the end of the test.
struct socket_pair {
    socket_pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
    ~socket_pair() {
        ::close(fd[0]);
        ::close(fd[1]);
    }
    /// Everything readable on fd[1] right now.
    std::string drain() {
        std::string out;
        char buf[65536];
        for (;;) {
            auto n = ::recv(fd[1], buf, sizeof buf, MSG_DONTWAIT);
            if (n <= 0) break;
            out.append(buf, static_cast<std::size_t>(n));
        }
        return out;
    }
    int fd[2];
};

lal::payload text(const std::string& s) { return lal::payload::copy_from(std::string_view(s)); }

}  // namespace

TEST_CASE("a send queue writes many buffers in order with few calls", "[rtmp_asio][send_queue]") {
    socket_pair sp;
    send_queue q(16);
    std::string expected;
    for (int i = 0; i < 100; ++i) {
        auto s = std::to_string(i) + ",";
        expected += s;
        q.push(text(s));
    }
    q.push(lal::payload{});  // empty payloads are dropped
    CHECK(q.buffers() == 100);
    CHECK(q.bytes() == expected.size());
    std::error_code ec;
    std::uint64_t calls = 0;
    auto sent = q.write_some(sp.fd[0], ec, calls);
    CHECK_FALSE(ec);
    CHECK(sent == expected.size());
    CHECK(calls == 7);  // ceil(100 / 16)
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
    CHECK(sp.drain() == expected);
}

TEST_CASE("a send queue keeps its place when the socket is full", "[rtmp_asio][send_queue]") {
    socket_pair sp;
    int small = 4096;
    REQUIRE(::setsockopt(sp.fd[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0);
    send_queue q;
    std::string expected;
    for (int i = 0; i < 64; ++i) {
        std::string chunk(10000, static_cast<char>('a' + i % 26));
        chunk += std::to_string(i);
        expected += chunk;
        q.push(text(chunk));
    }
    std::string received;
    std::uint64_t calls = 0;
    int blocked = 0;
    while (!q.empty()) {
        std::error_code ec;
        auto before = q.bytes();
        auto sent = q.write_some(sp.fd[0], ec, calls);
        CHECK(q.bytes() == before - sent);
        if (ec) {
            REQUIRE(ec == std::errc::operation_would_block);
            ++blocked;
        }
        received += sp.drain();
    }
    received += sp.drain();
    CHECK(blocked > 0);
    CHECK(received == expected);
}

TEST_CASE("a send queue reports a closed peer", "[rtmp_asio][send_queue]") {
    socket_pair sp;
    ::close(sp.fd[1]);
    sp.fd[1] = ::dup(sp.fd[0]);  // keep the destructor's close harmless
    ::shutdown(sp.fd[0], SHUT_WR);
    send_queue q;
    q.push(text("hello"));
    std::error_code ec;
    std::uint64_t calls = 0;
    CHECK(q.write_some(sp.fd[0], ec, calls) == 0);
    CHECK(ec == std::errc::broken_pipe);
    CHECK(q.bytes() == 5);
    q.clear();
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
}
