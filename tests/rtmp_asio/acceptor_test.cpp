// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>

#include <lal/rtmp_asio/acceptor.hpp>
#include <lal/rtmp_asio/client_connection.hpp>

#include "asio_support.hpp"

using lal::rtmp_asio::acceptor;
using lal::rtmp_asio::server_connection;
using lal::test::run_until;
namespace rtmp = lal::rtmp;

TEST_CASE("the acceptor spreads connections round robin and hands each over on its worker's thread",
          "[rtmp_asio][acceptor][asio]") {
    asio::io_context worker_io;
    asio::io_context main_io;  // destroyed first: its pending accept may hold a socket of worker_io
    auto guard = asio::make_work_guard(worker_io);
    std::thread worker([&] { worker_io.run(); });

    std::mutex m;
    std::vector<std::pair<bool, bool>> seen;  // (worker 1's context, called on worker 1's thread)
    std::vector<std::shared_ptr<server_connection>> kept;
    std::atomic<int> connects{0};
    std::atomic<int> wrong_index{0};

    acceptor acc(main_io, {&main_io, &worker_io});  // worker 0 runs on the listener's thread
    auto ep = acc.listen("127.0.0.1:0");
    REQUIRE(ep);
    acc.start([&](std::shared_ptr<server_connection> conn, std::size_t index) {
        bool on_worker = conn->get_executor() == asio::any_io_executor(worker_io.get_executor());
        bool worker_thread = std::this_thread::get_id() == worker.get_id();
        if (on_worker != (index == 1)) ++wrong_index;
        lal::rtmp_asio::server_handlers h;
        h.on_event = [&](const std::shared_ptr<server_connection>& c, rtmp::server_event& e) {
            if (std::holds_alternative<rtmp::server_events::connect>(e)) {
                c->session().accept_connect();
            } else if (auto* p = std::get_if<rtmp::server_events::play>(&e)) {
                c->session().accept_play(*p);
                ++connects;
            }
        };
        conn->start(h);
        std::lock_guard lock(m);
        seen.emplace_back(on_worker, worker_thread);
        kept.push_back(conn);
    });

    std::vector<std::shared_ptr<lal::rtmp_asio::client_connection>> clients;
    for (int i = 0; i < 4; ++i) {
        auto c = std::make_shared<lal::rtmp_asio::client_connection>(main_io.get_executor());
        c->start("rtmp://127.0.0.1:" + std::to_string(ep->port()) + "/live/s" + std::to_string(i),
                 rtmp::client_role::play, {});
        clients.push_back(c);
    }
    REQUIRE(run_until(main_io, [&] {
        for (auto& c : clients) {
            if (!c->playing()) return false;
        }
        return connects == 4;
    }));
    acc.close();
    {
        std::lock_guard lock(m);
        REQUIRE(seen.size() == 4);
        int on_worker = 0;
        for (auto [ctx, thread] : seen) {
            CHECK(ctx == thread);  // handed over on the connection's own thread
            on_worker += ctx ? 1 : 0;
        }
        CHECK(on_worker == 2);
        CHECK(wrong_index == 0);
    }
    for (auto& c : clients) c->abort();
    // Connections close on their own threads.
    for (auto& k : kept) asio::post(k->get_executor(), [k] { k->abort(); });
    REQUIRE(run_until(main_io, [&] {
        for (auto& c : clients) {
            if (c->is_open()) return false;
        }
        return true;
    }));
    guard.reset();
    worker_io.stop();
    worker.join();
    kept.clear();
}
