// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <sys/socket.h>
#include <unistd.h>

#include <lal/httpflv_asio/detail/send_queue.hpp>

using lal::httpflv_asio::detail::send_queue;

namespace {

struct socket_pair {
    socket_pair() { REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
    ~socket_pair() {
        ::close(fd[0]);
        ::close(fd[1]);
    }
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

}  // namespace

TEST_CASE("send_queue writes many small payloads in order with gathered sends", "[httpflv][asio][send_queue]") {
    socket_pair sp;
    send_queue q;
    std::string expected;
    std::vector<lal::payload> kept;
    for (int i = 0; i < 3000; ++i) {  // more than IOV_MAX buffers
        auto text = std::to_string(i) + ",";
        expected += text;
        kept.push_back(lal::payload::copy_from(std::string_view(text)));
        q.push(kept.back());
    }
    q.push(lal::payload{});  // empty payloads are dropped
    CHECK(q.buffers() == 3000);
    CHECK(q.bytes() == expected.size());
    CHECK(kept.front().use_count() == 2);  // queued by reference, not copied

    std::error_code ec;
    auto n = q.write_some(sp.fd[0], ec);
    CHECK_FALSE(ec);
    CHECK(n == expected.size());
    CHECK(q.empty());
    CHECK(q.bytes() == 0);
    CHECK(kept.front().use_count() == 1);  // released once sent
    CHECK(sp.drain() == expected);
}

TEST_CASE("send_queue stops at a full socket and resumes mid-payload", "[httpflv][asio][send_queue]") {
    socket_pair sp;
    int small = 4096;
    REQUIRE(::setsockopt(sp.fd[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0);
    send_queue q;
    std::string expected;
    for (int i = 0; i < 64; ++i) {
        std::string block(10000, static_cast<char>('a' + i % 26));
        expected += block;
        q.push(lal::payload::copy_from(std::string_view(block)));
    }
    std::string received;
    std::size_t total = 0;
    int rounds = 0;
    while (!q.empty()) {
        std::error_code ec;
        total += q.write_some(sp.fd[0], ec);
        if (!q.empty()) CHECK(ec == std::errc::operation_would_block);
        CHECK(q.bytes() == expected.size() - total);
        received += sp.drain();
        ++rounds;
        REQUIRE(rounds < 100000);
    }
    received += sp.drain();
    CHECK(rounds > 1);  // the socket did fill up
    CHECK(received == expected);
}

TEST_CASE("send_queue reports a closed peer as an error, without SIGPIPE", "[httpflv][asio][send_queue]") {
    int fd[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0);
    ::close(fd[1]);
    send_queue q;
    q.push(lal::payload::copy_from(std::string_view("hello")));
    std::error_code ec;
    CHECK(q.write_some(fd[0], ec) == 0);
    CHECK(ec == std::errc::broken_pipe);
    CHECK(q.bytes() == 5);
    q.clear();
    CHECK(q.empty());
    ::close(fd[0]);
}
