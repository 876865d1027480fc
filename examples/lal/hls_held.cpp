// SPDX-License-Identifier: MIT
#include "hls_held.hpp"

#include <atomic>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/http_asio/server_connection.hpp>

namespace lal::server {

/// One held request. `done` is only touched on the connection's worker, where
/// both the timer and a wake-up answer run, so one of them answers.
struct hls_held::waiter {
    waiter(hls_wait w, const std::shared_ptr<http_asio::server_connection>& c, answer_fn a)
        : want(std::move(w)), conn(c), executor(c->get_executor()), timer(executor), answer(std::move(a)) {}

    /// Answers once, on the connection's worker.
    void finish(bool timed_out) {
        if (done.exchange(true)) return;
        if (!timed_out) timer.cancel();
        if (auto c = conn.lock(); c && c->is_open()) answer(c, timed_out);
    }

    hls_wait want;
    std::weak_ptr<http_asio::server_connection> conn;  // weak: a client that leaves frees its connection
    asio::any_io_executor executor;
    asio::steady_timer timer;
    answer_fn answer;
    std::atomic<bool> done{false};  // read by wake() on the stream's worker to drop finished ones
};

bool hls_held::hold(hls_wait want, const std::shared_ptr<http_asio::server_connection>& conn,
                    std::chrono::milliseconds timeout, answer_fn answer) {
    auto w = std::make_shared<waiter>(std::move(want), conn, std::move(answer));
    {
        std::lock_guard lock(mutex_);
        if (waiters_.size() >= max_held) return false;
        waiters_.push_back(w);
    }
    w->timer.expires_after(timeout);
    w->timer.async_wait([w](std::error_code ec) {
        if (!ec) w->finish(true);
    });
    return true;
}

void hls_held::wake(const std::function<bool(const hls_wait&)>& ready) {
    std::vector<std::shared_ptr<waiter>> go;
    {
        std::lock_guard lock(mutex_);
        std::erase_if(waiters_, [&](const std::shared_ptr<waiter>& w) {
            if (w->done.load(std::memory_order_acquire)) return true;  // timed out
            // The client left: its timer is cancelled on its worker, freeing the waiter.
            if (w->conn.expired() || ready(w->want)) {
                go.push_back(w);
                return true;
            }
            return false;
        });
    }
    for (auto& w : go) asio::post(w->executor, [w] { w->finish(false); });
}

std::size_t hls_held::size() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
}

}  // namespace lal::server
