// SPDX-License-Identifier: MIT
#include "worker.hpp"

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <asio/post.hpp>

namespace lalbench {
namespace {

// How often timeouts are checked and closed clients forgotten.
constexpr std::chrono::milliseconds sweep_interval{250};
// Ready sockets taken per epoll_wait.
constexpr int max_events = 256;

int make_epoll() {
    int fd = epoll_create1(EPOLL_CLOEXEC);
    if (fd < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    return fd;
}

}  // namespace

worker::worker()
    : guard_(asio::make_work_guard(io_)),
      sweep_(io_),
      epoll_fd_(make_epoll()),
      epoll_watch_(io_, epoll_fd_) {}

worker::~worker() {
    if (thread_.joinable()) {
        stop_clients();
        join();
    }
    // epoll_watch_ closes epoll_fd_.
}

bool worker::watch(int fd, read_listener* listener) {
    // Level-triggered: a player that stops reading early is reported again.
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = listener;
    return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void worker::unwatch(int fd) {
    epoll_event ev{};
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, &ev);
}

void worker::arm_poll() {
    epoll_watch_.async_wait(asio::posix::stream_descriptor::wait_read, [this](std::error_code ec) {
        if (ec) return;
        poll();
        arm_poll();
    });
}

void worker::poll() {
    std::array<epoll_event, max_events> events{};
    int n = epoll_wait(epoll_fd_, events.data(), max_events, 0);
    // Listeners stay alive for the whole batch: clients are only forgotten by the
    // sweep, which is a handler of its own, and closing unwatches first.
    for (int i = 0; i < n; ++i) static_cast<read_listener*>(events[static_cast<std::size_t>(i)].data.ptr)->on_readable();
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
    arm_poll();
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
        std::error_code ignored;
        epoll_watch_.cancel(ignored);
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
