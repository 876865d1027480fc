// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>
#include <lal/httpflv/pull_session.hpp>
#include <lal/httpflv/url.hpp>

namespace lal::httpflv_asio {

/// Settings of a pull.
struct pull_options {
    /// Resolve, connect and wait for the response head, per hop.
    std::chrono::milliseconds connect_timeout{10'000};
    /// Longest silence once the stream is flowing.
    std::chrono::milliseconds read_timeout{10'000};
    /// Redirects followed before failing with httpflv::errc::too_many_redirects.
    int max_redirects = 5;
    httpflv::get_options request;
    httpflv::pull_limits limits;
    std::size_t read_buffer_size = 64 * 1024;
};

/// What the owner hears from a pull, on the client's executor.
struct pull_handlers {
    /// The 200 head (after any redirects).
    std::function<void(const httpflv::response_head&)> on_response;
    /// The FLV file header.
    std::function<void(const flv::file_header&)> on_header;
    /// Each tag, in order.
    std::function<void(flv::tag)> on_tag;
    /// Once, at the end: empty when the server ended the stream after a whole tag;
    /// asio::error::operation_aborted after stop(); otherwise what went wrong:
    /// httpflv::errc (bad_url, stream_not_found, unexpected_status, timeout,
    /// too_many_redirects, parse errors), lal::flv::errc, or a socket error such
    /// as connection_refused.
    std::function<void(std::error_code)> on_close;
};

/// Pulls one HTTP-FLV stream: resolves and connects with a timeout, sends the
/// GET, follows redirects, and delivers the FLV header and tags. Create it with
/// std::make_shared; all calls on its executor.
class pull_client : public std::enable_shared_from_this<pull_client> {
public:
    explicit pull_client(asio::any_io_executor executor, pull_options options = {});

    /// Starts pulling `url` (http://host[:port]/path[?query]).
    void start(std::string url, pull_handlers handlers);
    /// Stops; on_close follows with operation_aborted unless the pull already ended.
    void stop();

    /// Status of the last response head, 0 before one.
    int status() const noexcept { return session_.status(); }
    /// Body and head bytes received over all hops.
    std::uint64_t bytes_received() const noexcept { return bytes_received_; }
    /// The URL of the current hop (after redirects).
    const httpflv::url& current_url() const noexcept { return url_; }

private:
    asio::awaitable<void> run(std::string text);
    asio::awaitable<std::error_code> exchange(std::string& redirect_to);
    asio::awaitable<void> watchdog();
    void extend_deadline(std::chrono::milliseconds d);
    void deliver(std::string& redirect_to, bool& ended);
    void end(std::error_code ec);

    asio::any_io_executor executor_;
    pull_options options_;
    asio::ip::tcp::resolver resolver_;
    asio::ip::tcp::socket socket_;
    asio::steady_timer timer_;
    std::chrono::steady_clock::time_point deadline_;
    httpflv::pull_session session_;
    httpflv::url url_;
    pull_handlers handlers_;
    std::vector<std::byte> buffer_;
    std::uint64_t bytes_received_ = 0;
    bool started_ = false;
    bool done_ = false;
    bool stopped_ = false;
    bool timed_out_ = false;
};

}  // namespace lal::httpflv_asio
