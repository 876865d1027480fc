// SPDX-License-Identifier: MIT
#include "worker.hpp"

#include <asio/post.hpp>

namespace lalbench {
namespace {

// How often timeouts are checked and closed clients forgotten.
constexpr std::chrono::milliseconds sweep_interval{250};

}  // namespace

worker::worker(std::size_t read_buffer_size)
    : guard_(asio::make_work_guard(io_)), sweep_(io_), read_buffer_(read_buffer_size) {}

worker::~worker() {
    if (thread_.joinable()) {
        stop_clients();
        join();
    }
}

void worker::add(std::shared_ptr<client> c) {
    if (stopping_) {
        c->stop();
        return;
    }
    clients_.push_back(std::move(c));
}

void worker::record_failure(const std::string& description) { ++results_.failures[description]; }

void worker::start() {
    arm_sweep();
    thread_ = std::thread([this] { io_.run(); });
}

void worker::arm_sweep() {
    sweep_due_ = clock_type::now() + sweep_interval;
    sweep_.expires_at(sweep_due_);
    sweep_.async_wait([this](std::error_code ec) {
        if (ec || stopping_) return;
        auto now = clock_type::now();
        if (measuring()) {
            results_.loop_lag.record(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::microseconds>(now - sweep_due_).count()));
        }
        // Checking may close a client; closed ones are dropped in the same pass.
        for (std::size_t i = 0; i < clients_.size();) {
            if (!clients_[i]->finished()) clients_[i]->check(now);
            if (clients_[i]->finished()) {
                clients_[i] = std::move(clients_.back());
                clients_.pop_back();
            } else {
                ++i;
            }
        }
        arm_sweep();
    });
}

void worker::stop_clients() {
    asio::post(io_, [this] {
        stopping_ = true;
        sweep_.cancel();
        auto all = std::move(clients_);
        clients_.clear();
        for (auto& c : all) c->stop();
        guard_.reset();  // the loop ends when the last close has finished
    });
}

void worker::join() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace lalbench
