// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include <lal/base/bytes.hpp>
#include <lal/net/send_queue.hpp>

using lal::net::send_queue;

namespace {

/// A connected pair of stream sockets; closed at the end of the test.
struct socket_pair {
    socket_pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
    ~socket_pair() {
        ::close(fd[0]);
        ::close(fd[1]);
    }
    /// Makes the sending side's buffer small, so a few writes fill it.
    void small_send_buffer() {
        int small = 4096;
        REQUIRE(::setsockopt(fd[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0);
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

TEST_CASE("a send queue writes many buffers in order with few calls", "[net][send_queue]") {
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
    CHECK(q.bytes_queued() == expected.size());
    std::error_code ec;
    auto sent = q.write_some(sp.fd[0], ec);
    CHECK_FALSE(ec);
    CHECK(sent == expected.size());
    CHECK(q.write_calls() == 7);  // ceil(100 / 16)
    CHECK(q.bytes_written() == expected.size());
    CHECK(q.empty());
    CHECK(q.bytes_queued() == 0);
    CHECK(sp.drain() == expected);
}

TEST_CASE("a send queue keeps its place when the socket is full", "[net][send_queue]") {
    socket_pair sp;
    sp.small_send_buffer();
    send_queue q;
    std::string expected;
    for (int i = 0; i < 64; ++i) {
        std::string chunk(10000, static_cast<char>('a' + i % 26));
        chunk += std::to_string(i);
        expected += chunk;
        q.push(text(chunk));
    }
    std::string received;
    int blocked = 0;
    while (!q.empty()) {
        std::error_code ec;
        auto before = q.bytes_queued();
        auto sent = q.write_some(sp.fd[0], ec);
        CHECK(q.bytes_queued() == before - sent);
        if (ec) {
            REQUIRE(ec == std::errc::operation_would_block);
            ++blocked;
        }
        received += sp.drain();
    }
    received += sp.drain();
    CHECK(blocked > 0);
    CHECK(received == expected);
    CHECK(q.bytes_written() == expected.size());
}

TEST_CASE("a send queue reports a closed peer", "[net][send_queue]") {
    socket_pair sp;
    ::close(sp.fd[1]);
    sp.fd[1] = ::dup(sp.fd[0]);  // keep the destructor's close harmless
    ::shutdown(sp.fd[0], SHUT_WR);
    send_queue q;
    q.push(text("hello"));
    std::error_code ec;
    CHECK(q.write_some(sp.fd[0], ec) == 0);
    CHECK(ec == std::errc::broken_pipe);
    CHECK(q.bytes_queued() == 5);
    CHECK(q.bytes_written() == 0);
    q.clear();
    CHECK(q.empty());
    CHECK(q.bytes_queued() == 0);
}

TEST_CASE("a send queue splits more buffers than IOV_MAX over several calls", "[net][send_queue]") {
    socket_pair sp;
    int big = 4 * 1024 * 1024;
    REQUIRE(::setsockopt(sp.fd[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big) == 0);
    send_queue q;  // 0 = the system maximum
    const auto max = lal::net::system_max_buffers();
    REQUIRE(max >= 16);
    const auto count = 2 * max + 3;
    std::string expected;
    for (std::size_t i = 0; i < count; ++i) {
        auto s = std::to_string(i % 10);
        expected += s;
        q.push(text(s));
    }
    CHECK(q.buffers() == count);
    std::error_code ec;
    std::string received;
    while (!q.empty()) {
        q.write_some(sp.fd[0], ec);
        REQUIRE((!ec || ec == std::errc::operation_would_block));
        received += sp.drain();
    }
    received += sp.drain();
    CHECK(received == expected);
    CHECK(q.write_calls() == 3);  // max + max + 3 buffers
    CHECK(q.bytes_written() == count);
}

TEST_CASE("a send queue resumes inside a payload after a partial write", "[net][send_queue]") {
    socket_pair sp;
    sp.small_send_buffer();
    send_queue q;
    std::string big(1 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
    q.push(text(big));
    q.push(text("tail"));
    std::error_code ec;
    auto first = q.write_some(sp.fd[0], ec);
    CHECK(ec == std::errc::operation_would_block);
    REQUIRE(first > 0);
    REQUIRE(first < big.size());
    CHECK(q.buffers() == 2);  // the big payload is partly sent and still held
    CHECK(q.bytes_queued() == big.size() + 4 - first);
    std::string received = sp.drain();
    while (!q.empty()) {
        q.write_some(sp.fd[0], ec);
        received += sp.drain();
    }
    CHECK(received == big + "tail");
    CHECK(q.bytes_written() == big.size() + 4);
}
