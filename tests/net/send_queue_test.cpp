// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <lal/base/bytes.hpp>
#include <lal/net/send_queue.hpp>
#include <lal/net/shared_file.hpp>

using lal::net::send_queue;
using lal::net::shared_file;

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
    /// A small buffer on a non-blocking sending side, as socket_io makes it (sendfile has no MSG_DONTWAIT).
    void for_sendfile() {
        small_send_buffer();
        REQUIRE(::fcntl(fd[0], F_SETFL, O_NONBLOCK) == 0);
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

/// SIGPIPE ignored for the scope (sendfile needs it), restored after.
struct ignoring_sigpipe {
    ignoring_sigpipe() { old = std::signal(SIGPIPE, SIG_IGN); }
    ~ignoring_sigpipe() { std::signal(SIGPIPE, old); }
    void (*old)(int);
};

std::string body_of(std::size_t size) {
    std::string s(size, '.');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    return s;
}

/// A body in memory and the same bytes in a shared_file.
struct file_body {
    explicit file_body(std::size_t size) : text(body_of(size)), bytes(lal::payload::copy_from(std::string_view(text))) {
        auto made = shared_file::from_bytes(bytes.bytes(), "body");
        REQUIRE(made);
        file = std::move(*made);
    }
    std::string text;
    lal::payload bytes;
    std::shared_ptr<const shared_file> file;
};

/// Writes all of `q` through `sp`, reading as it goes; the bytes received.
std::string send_all(send_queue& q, socket_pair& sp, int& blocked) {
    std::string received;
    while (!q.empty()) {
        std::error_code ec;
        const auto before = q.bytes_queued();
        const auto sent = q.write_some(sp.fd[0], ec);
        REQUIRE(q.bytes_queued() == before - sent);
        if (ec) {
            REQUIRE(ec == std::errc::operation_would_block);
            ++blocked;
        }
        received += sp.drain();
    }
    return received + sp.drain();
}

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

TEST_CASE("a send queue takes a list of pieces in order, shared and without the empty ones",
          "[net][send_queue]") {
    socket_pair sp;
    send_queue q;
    const auto shared = text("header|");
    const std::vector<lal::payload> pieces{shared, lal::payload{}, text("body-1|"), shared.slice(0, 6), text("end")};
    q.push(text("before|"));
    q.push(std::span<const lal::payload>(pieces));
    CHECK(q.buffers() == 5);
    CHECK(shared.use_count() == 5);  // the test's, two pieces of the list (one a slice) and their two queued copies
    std::error_code ec;
    q.write_some(sp.fd[0], ec);
    CHECK_FALSE(ec);
    CHECK(q.write_calls() == 1);
    CHECK(sp.drain() == "before|header|body-1|headerend");
    CHECK(shared.use_count() == 3);  // the queue let go of its references once sent
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

// The sendfile path: a shared_file (sealed memfd) between payloads.

TEST_CASE("a shared file holds a sealed copy of its bytes", "[net][shared_file]") {
    const file_body b(100'000);
    const auto& f = b.file;
    CHECK(f->size() == b.text.size());
    std::string back(b.text.size(), '\0');
    CHECK(::pread(f->fd(), back.data(), back.size(), 0) == static_cast<ssize_t>(back.size()));
    CHECK(back == b.text);
    // Sealed: neither written nor grown through its descriptor.
    CHECK(::pwrite(f->fd(), "x", 1, 0) < 0);
    CHECK(::ftruncate(f->fd(), 10) != 0);
    CHECK((::fcntl(f->fd(), F_GET_SEALS) & F_SEAL_WRITE) != 0);
}

TEST_CASE("a send queue sends a file body between payloads, every byte in order", "[net][shared_file]") {
    ignoring_sigpipe ignore;
    socket_pair sp;
    sp.for_sendfile();
    const file_body b(300'000);
    send_queue q;
    q.push(text("HEAD 1\r\n\r\n"));
    q.push(b.bytes, b.file);
    q.push(text("HEAD 2\r\n\r\n"));
    q.push(b.bytes, b.file);  // the same file twice, as two players' queues would share it
    q.push(text("tail"));
    const auto total = 2 * (10 + b.text.size()) + 4;
    CHECK(q.bytes_queued() == total);
    int blocked = 0;
    const auto received = send_all(q, sp, blocked);
    CHECK(blocked > 0);  // a 4 KiB buffer: the file went out over several calls, resumed mid-file
    CHECK(received == "HEAD 1\r\n\r\n" + b.text + "HEAD 2\r\n\r\n" + b.text + "tail");
    CHECK(q.bytes_written() == total);
    CHECK(b.file.use_count() == 1);  // the queue let go of it
}

TEST_CASE("a send queue peeks a file body's bytes from memory (TLS seals them)", "[net][shared_file]") {
    ignoring_sigpipe ignore;
    const file_body b(5000);
    send_queue q;
    q.push(b.bytes, b.file);
    auto seen = q.peek(0);
    CHECK(std::string(reinterpret_cast<const char*>(seen.data()), seen.size()) == b.text);
    q.consume(1000);
    CHECK(q.peek(0).size() == 4000);
    CHECK(q.bytes_written() == 0);
}

TEST_CASE("a send queue sends from memory when the file does not fit or SIGPIPE is not ignored", "[net][shared_file]") {
    socket_pair sp;
    sp.for_sendfile();
    const file_body b(20'000);
    send_queue q;
    {
        auto old = std::signal(SIGPIPE, SIG_DFL);
        CHECK_FALSE(lal::net::sigpipe_ignored());
        q.push(b.bytes, b.file);  // a reset peer would kill the process: memory instead
        std::signal(SIGPIPE, old);
    }
    {
        ignoring_sigpipe ignore;
        CHECK(lal::net::sigpipe_ignored());
        q.push(b.bytes.slice(0, 100), b.file);  // not the file's size: memory
    }
    CHECK(b.file.use_count() == 1);  // neither push kept it
    int blocked = 0;
    CHECK(send_all(q, sp, blocked) == b.text + b.text.substr(0, 100));
}

TEST_CASE("a send queue reports a closed peer on a file body", "[net][shared_file]") {
    ignoring_sigpipe ignore;
    socket_pair sp;
    sp.for_sendfile();
    ::shutdown(sp.fd[0], SHUT_WR);
    const file_body b(1000);
    send_queue q;
    q.push(b.bytes, b.file);
    std::error_code ec;
    CHECK(q.write_some(sp.fd[0], ec) == 0);
    CHECK(ec == std::errc::broken_pipe);
    CHECK(q.bytes_queued() == b.text.size());
}
