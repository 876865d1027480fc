// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>

#include <lal/net/acceptor.hpp>
#include <lal/net/error.hpp>
#include <lal/net/connection_acceptor.hpp>

#include "support.hpp"

using lal::net::acceptor;
using lal::test::run_until;

namespace {

/// Worker io_contexts, each run by its own thread until the end of the test.
struct worker_threads {
    explicit worker_threads(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
        for (auto& c : contexts) guards.push_back(asio::make_work_guard(*c));
        for (auto& c : contexts) threads.emplace_back([ctx = c.get()] { ctx->run(); });
    }
    ~worker_threads() {
        guards.clear();
        for (auto& c : contexts) c->stop();
        for (auto& t : threads) t.join();
    }
    std::vector<asio::io_context*> pointers() {
        std::vector<asio::io_context*> out;
        for (auto& c : contexts) out.push_back(c.get());
        return out;
    }
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::vector<std::thread> threads;
};

struct handover {
    std::size_t worker;
    std::thread::id thread;
    const asio::execution_context* socket_context;
};

}  // namespace

TEST_CASE("the acceptor hands each socket over on its worker's thread, round robin", "[net][acceptor][asio]") {
    worker_threads workers(3);
    asio::io_context listener;  // destroyed first: its pending accept holds a socket of a worker
    std::mutex m;
    std::vector<handover> seen;
    std::vector<asio::ip::tcp::socket> kept;

    acceptor acc(listener, workers.pointers());
    CHECK(acc.workers() == 3);
    auto ep = acc.listen("127.0.0.1:0");
    REQUIRE(ep);
    CHECK(ep->port() != 0);
    CHECK(acc.local_endpoint() == *ep);
    acc.start([&](asio::ip::tcp::socket s, std::size_t worker) {
        const asio::execution_context& ctx = asio::query(s.get_executor(), asio::execution::context);
        std::lock_guard lock(m);
        seen.push_back({worker, std::this_thread::get_id(), &ctx});
        kept.push_back(std::move(s));
    });

    std::vector<asio::ip::tcp::socket> clients;
    for (std::size_t i = 0; i < 7; ++i) {
        clients.emplace_back(listener);
        clients.back().connect(*ep);
        // One at a time, so the accept order is the connect order.
        REQUIRE(run_until(listener, [&] {
            std::lock_guard lock(m);
            return seen.size() == i + 1;
        }));
    }
    std::lock_guard lock(m);
    for (std::size_t i = 0; i < seen.size(); ++i) {
        INFO("connection " << i);
        CHECK(seen[i].worker == i % 3);
        CHECK(seen[i].thread == workers.threads[seen[i].worker].get_id());
        CHECK(seen[i].socket_context == workers.contexts[seen[i].worker].get());
    }
    // TCP_NODELAY is set on every accepted socket.
    asio::ip::tcp::no_delay nd;
    kept.front().get_option(nd);
    CHECK(nd.value());
    acc.close();
    for (auto& s : kept) {
        std::error_code ignored;
        s.close(ignored);
    }
}

TEST_CASE("with one io_context the handler runs there, posted, as worker 0", "[net][acceptor][asio]") {
    asio::io_context io;
    acceptor acc(io);
    auto ep = acc.listen("127.0.0.1:0");
    REQUIRE(ep);
    int calls = 0;
    asio::ip::tcp::socket kept(io);
    bool in_start = true;
    acc.start([&](asio::ip::tcp::socket s, std::size_t worker) {
        CHECK_FALSE(in_start);
        ++calls;
        CHECK(worker == 0);
        kept = std::move(s);
    });
    asio::ip::tcp::socket client(io);
    client.connect(*ep);
    in_start = false;
    REQUIRE(run_until(io, [&] { return calls == 1; }));
    CHECK(kept.remote_endpoint().port() == client.local_endpoint().port());

    // After close() nothing more is accepted: a new connect is refused.
    acc.close();
    asio::ip::tcp::socket late(io);
    std::error_code ec;
    late.connect(*ep, ec);
    CHECK(ec);
    io.poll();
    CHECK(calls == 1);
}

TEST_CASE("listening on a port in use fails with the socket error", "[net][acceptor][asio]") {
    asio::io_context io;
    acceptor first(io);
    auto ep = first.listen("127.0.0.1:0");
    REQUIRE(ep);
    acceptor second(io);
    auto again = second.listen("127.0.0.1:" + std::to_string(ep->port()));
    REQUIRE_FALSE(again);
    CHECK(again.error() == asio::error::address_in_use);
    auto bad = second.listen("127.0.0.1:x");
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == lal::net::errc::bad_port);
}

namespace {
/// The smallest connection a connection_acceptor can make.
struct echo_connection {
    echo_connection(asio::ip::tcp::socket s, int tag_) : socket(std::move(s)), tag(tag_) {}
    asio::ip::tcp::socket socket;
    int tag;
};
}  // namespace

TEST_CASE("a connection_acceptor builds each connection with the options, on its worker", "[net][acceptor][asio]") {
    worker_threads workers(2);
    asio::io_context listener;
    lal::net::connection_acceptor<echo_connection, int> acc(listener, workers.pointers(), 42);
    auto ep = acc.listen("127.0.0.1:0");
    REQUIRE(ep);
    std::mutex m;
    std::vector<std::pair<std::size_t, bool>> seen;  // worker, right thread
    std::vector<std::shared_ptr<echo_connection>> kept;
    acc.start([&](std::shared_ptr<echo_connection> c, std::size_t worker) {
        CHECK(c->tag == 42);
        std::lock_guard lock(m);
        seen.emplace_back(worker, std::this_thread::get_id() == workers.threads[worker].get_id());
        kept.push_back(std::move(c));
    });
    std::vector<asio::ip::tcp::socket> clients;
    for (int i = 0; i < 4; ++i) {
        clients.emplace_back(listener);
        clients.back().connect(*ep);
    }
    REQUIRE(run_until(listener, [&] {
        std::lock_guard lock(m);
        return seen.size() == 4;
    }));
    std::lock_guard lock(m);
    std::size_t per_worker[2] = {0, 0};
    for (auto [w, right_thread] : seen) {
        CHECK(right_thread);
        ++per_worker[w];
    }
    CHECK(per_worker[0] == 2);
    CHECK(per_worker[1] == 2);
    acc.close();
    // Sockets close on their own threads.
    for (auto& c : kept) asio::post(c->socket.get_executor(), [c] { c->socket.close(); });
}
