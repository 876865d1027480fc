// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "hub_types.hpp"

namespace lal::server {

/// The server's event loops: one io_context per thread, each a hub executor.
/// A connection lives on one worker for life; the acceptors (lal::net) pick it
/// round robin and name it by its index.
class workers {
public:
    /// `count` threads (at least one).
    explicit workers(std::size_t count);
    ~workers();

    std::size_t size() const noexcept { return loops_.size(); }
    asio::io_context& context(std::size_t i) noexcept { return loops_[i]->context; }
    executor& hub_executor(std::size_t i) noexcept { return loops_[i]->exec; }
    std::vector<executor*> hub_executors();
    /// Every worker's io_context, in worker order.
    std::vector<asio::io_context*> contexts();

    /// Runs worker 0 on the calling thread and the others on their own threads,
    /// until stop(); returns when all have finished.
    void run();
    /// Lets the loops finish once they have no more work (graceful stop).
    void release();
    /// Stops every loop at once.
    void stop();

private:
    struct loop {
        struct posting_executor : executor {
            explicit posting_executor(asio::io_context& c) : ctx(c) {}
            void post(std::function<void()> work) override { asio::post(ctx, std::move(work)); }
            asio::io_context& ctx;
        };
        loop() : exec(context), guard(asio::make_work_guard(context)) {}
        asio::io_context context{1};
        posting_executor exec;
        asio::executor_work_guard<asio::io_context::executor_type> guard;
    };
    std::vector<std::unique_ptr<loop>> loops_;
};

}  // namespace lal::server
