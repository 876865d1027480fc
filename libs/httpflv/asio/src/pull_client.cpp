// SPDX-License-Identifier: MIT
#include <lal/httpflv_asio/pull_client.hpp>

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <lal/httpflv/error.hpp>

namespace lal::httpflv_asio {

pull_client::pull_client(asio::any_io_executor executor, pull_options options)
    : executor_(executor),
      options_(std::move(options)),
      resolver_(executor),
      socket_(executor),
      timer_(executor),
      session_(options_.limits) {}

void pull_client::start(std::string url, pull_handlers handlers) {
    if (started_) return;
    started_ = true;
    handlers_ = std::move(handlers);
    buffer_.resize(options_.read_buffer_size == 0 ? 4096 : options_.read_buffer_size);
    asio::co_spawn(executor_, run(std::move(url)), asio::detached);
}

void pull_client::stop() {
    if (done_ || stopped_) return;
    stopped_ = true;
    std::error_code ignored;
    resolver_.cancel();
    socket_.close(ignored);
    timer_.cancel();
}

void pull_client::extend_deadline(std::chrono::milliseconds d) {
    deadline_ = std::chrono::steady_clock::now() + d;
    // The watchdog sleeps until the old deadline; wake it if this one is sooner.
    if (deadline_ < timer_.expiry()) timer_.cancel();
}

asio::awaitable<void> pull_client::watchdog() {
    auto self = shared_from_this();
    while (!done_ && !stopped_) {
        timer_.expires_at(deadline_);
        std::error_code ec;
        co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (done_ || stopped_) co_return;
        if (deadline_ <= std::chrono::steady_clock::now()) {
            // Cancelling the socket makes the pending operation fail; run() maps it.
            timed_out_ = true;
            std::error_code ignored;
            resolver_.cancel();
            socket_.close(ignored);
            co_return;
        }
    }
}

void pull_client::end(std::error_code ec) {
    if (done_) return;
    done_ = true;
    std::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
    if (stopped_) ec = asio::error::operation_aborted;
    else if (timed_out_) ec = httpflv::errc::timeout;
    // Released here, so an owner that holds the client forms no reference cycle.
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_close) handlers.on_close(ec);
}

asio::awaitable<void> pull_client::run(std::string text) {
    auto self = shared_from_this();
    auto parsed = httpflv::parse_url(text);
    if (!parsed) {
        end(parsed.error());
        co_return;
    }
    url_ = *parsed;
    extend_deadline(options_.connect_timeout);
    asio::co_spawn(executor_, watchdog(), asio::detached);
    for (int hop = 0;; ++hop) {
        std::string redirect_to;
        auto ec = co_await exchange(redirect_to);
        if (ec || redirect_to.empty() || stopped_ || timed_out_) {
            end(ec);
            co_return;
        }
        if (hop == options_.max_redirects) {
            end(httpflv::errc::too_many_redirects);
            co_return;
        }
        auto next = httpflv::resolve_reference(url_, redirect_to);
        if (!next) {
            end(next.error());
            co_return;
        }
        url_ = *next;
        std::error_code ignored;
        socket_.close(ignored);
        extend_deadline(options_.connect_timeout);
    }
}

asio::awaitable<std::error_code> pull_client::exchange(std::string& redirect_to) {
    std::error_code ec;
    auto endpoints = co_await resolver_.async_resolve(url_.host, std::to_string(url_.port),
                                                      asio::redirect_error(asio::use_awaitable, ec));
    if (ec || stopped_ || timed_out_) co_return ec;
    co_await asio::async_connect(socket_, endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || stopped_ || timed_out_) co_return ec;
    std::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);

    auto request = session_.begin(url_, options_.request);
    co_await asio::async_write(socket_, asio::buffer(request), asio::redirect_error(asio::use_awaitable, ec));
    if (ec || stopped_ || timed_out_) co_return ec;

    for (;;) {
        auto n = co_await socket_.async_read_some(asio::buffer(buffer_), asio::redirect_error(asio::use_awaitable, ec));
        if (stopped_ || timed_out_) co_return ec;
        bool ended = false;
        if (ec == asio::error::eof) {
            auto finished = session_.finish();
            deliver(redirect_to, ended);
            co_return finished;
        }
        if (ec) co_return ec;
        bytes_received_ += n;
        auto fed = session_.feed(std::span(buffer_.data(), n));
        deliver(redirect_to, ended);
        if (fed) co_return fed;
        if (ended || !redirect_to.empty()) co_return std::error_code{};
        if (session_.streaming()) extend_deadline(options_.read_timeout);
    }
}

void pull_client::deliver(std::string& redirect_to, bool& ended) {
    while (auto e = session_.next()) {
        if (stopped_) return;
        if (auto* r = std::get_if<httpflv::redirect>(&*e)) {
            redirect_to = std::move(r->location);
        } else if (auto* h = std::get_if<httpflv::response_head>(&*e)) {
            if (h->status == 200 && handlers_.on_response) handlers_.on_response(*h);
        } else if (auto* fh = std::get_if<flv::file_header>(&*e)) {
            if (handlers_.on_header) handlers_.on_header(*fh);
        } else if (auto* t = std::get_if<flv::tag>(&*e)) {
            if (handlers_.on_tag) handlers_.on_tag(std::move(*t));
        } else {
            ended = true;
        }
    }
}

}  // namespace lal::httpflv_asio
