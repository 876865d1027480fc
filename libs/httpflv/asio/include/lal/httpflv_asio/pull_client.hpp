// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <system_error>

#include <asio/any_io_executor.hpp>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>
#include <lal/httpflv/pull_session.hpp>
#include <lal/httpflv/url.hpp>
#include <lal/net/tls_context.hpp>

namespace lal::httpflv_asio {

/// Settings of a pull.
struct pull_options {
    /// Resolve, connect and wait for the response head, per hop.
    std::chrono::milliseconds connect_timeout{10'000};
    /// Longest silence once the stream is flowing.
    std::chrono::milliseconds read_timeout{10'000};
    /// Longest wait for the FIN once a hop is over (after a redirect or stop()).
    std::chrono::milliseconds close_timeout{1'000};
    /// Redirects followed before failing with httpflv::errc::too_many_redirects.
    int max_redirects = 5;
    httpflv::get_options request;
    httpflv::pull_limits limits;
    /// Bytes per read, into a buffer shared by the thread's connections.
    std::size_t read_buffer_size = 64 * 1024;
    /// TLS settings for https:// hops; null: net::tls_context::default_client() (no verification).
    std::shared_ptr<const net::tls_context> tls;
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
    std::function<void(std::error_code)> on_closed;
};

/// Pulls one HTTP-FLV stream: resolves and connects with a timeout, sends the
/// GET, follows redirects (a new connection per hop, each a lal::net::socket_io),
/// and delivers the FLV header and tags. Create it with std::make_shared; all
/// calls on its executor.
class pull_client : public std::enable_shared_from_this<pull_client> {
public:
    /// A client on `executor` (one thread); nothing happens until start().
    explicit pull_client(asio::any_io_executor executor, pull_options options = {});
    ~pull_client();

    /// Starts pulling `url` (http[s]://host[:port]/path[?query]).
    void start(std::string url, pull_handlers handlers);
    /// Stops; on_closed follows with operation_aborted unless the pull already ended.
    void stop();

    /// Status of the last response head, 0 before one.
    int status() const noexcept { return session_.status(); }
    /// Body and head bytes received over all hops.
    std::uint64_t bytes_received() const noexcept { return bytes_received_; }
    /// The URL of the current hop (after redirects).
    const httpflv::url& current_url() const noexcept { return url_; }

private:
    class hop;

    void begin_hop();
    /// Feeds one read to the session; returns true when the hop is over.
    bool on_input(std::span<const std::byte> bytes, std::error_code& outcome);
    void after_hop(std::error_code outcome);
    void deliver(bool& ended);
    void end(std::error_code ec);

    asio::any_io_executor executor_;
    pull_options options_;
    httpflv::pull_session session_;
    httpflv::url url_;
    pull_handlers handlers_;
    std::shared_ptr<hop> hop_;
    std::string redirect_to_;
    std::uint64_t bytes_received_ = 0;
    int hops_ = 0;
    bool started_ = false;
    bool done_ = false;
    bool stopped_ = false;
};

}  // namespace lal::httpflv_asio
