// SPDX-License-Identifier: MIT
#include <lal/net/socket_io.hpp>

#include <asio/post.hpp>

#include <lal/net/error.hpp>

#include <lal/net/read_buffer.hpp>

#include "tls_session.hpp"

namespace lal::net {
namespace {

using clock = std::chrono::steady_clock;

// Reads per readiness event when each one fills the buffer: enough for a fast
// publisher, few enough that one connection cannot starve the others on its thread.
constexpr int max_reads_per_wakeup = 4;

// Plaintext encrypted per flush before the records are written: bounds the
// ciphertext held per connection while a player catches up on a GOP.
constexpr std::size_t seal_batch = 256 * 1024;
// Plaintext gathered into one TLS record: small FLV tags each in a record of
// their own would cost a header and a MAC apiece (RFC 8446 5.1: at most 2^14).
constexpr std::size_t record_size = 16 * 1024;

bool would_block(std::error_code ec) {
    return ec == asio::error::would_block || ec == asio::error::try_again;
}

}  // namespace

socket_io::socket_io(socket_owner& owner, asio::ip::tcp::socket socket, socket_settings settings)
    : owner_(owner),
      socket_(std::move(socket)),
      settings_(settings),
      timer_(socket_.get_executor()),
      queue_(settings.max_write_buffers),
      cipher_(settings.max_write_buffers) {
    started_ = ended_ = last_input_ = clock::now();
    std::error_code ignored;
    if (socket_.is_open()) remote_ = socket_.remote_endpoint(ignored);  // known at accept, for logs
}

socket_io::~socket_io() = default;

void socket_io::start() {
    if (state_ != state::idle) return;
    state_ = state::open;
    started_ = last_input_ = clock::now();
    std::error_code ec;
    if (remote_ == asio::ip::tcp::endpoint{}) remote_ = socket_.remote_endpoint(ec);
    socket_.non_blocking(true, ec);
    if (ec) {
        finish(ec);
        return;
    }
    if (settings_.tls) {
        tls_ = std::make_unique<detail::tls_session>(*settings_.tls, tls_server_name_);
        if (auto tls_ec = tls_->start()) {
            finish(tls_ec);
            return;
        }
        send_tls_output();  // a client's ClientHello
        if (state_ == state::closed) return;
    }
    arm_read();
    arm_timer();
}

void socket_io::arm_read() {
    if (reading_ || state_ == state::idle || state_ == state::closed) return;
    // While closing we read on regardless, to see the peer's FIN.
    if (state_ == state::open && owner_.input_paused()) return;
    reading_ = true;
    socket_.async_wait(asio::ip::tcp::socket::wait_read, [keep = owner_.keep_alive(), this](std::error_code ec) {
        reading_ = false;
        on_readable(ec);
    });
}

void socket_io::resume_reading() {
    if (tls_ && tls_->has_input() && state_ == state::open) {
        // Records already read from the socket wait inside the session: the
        // socket may never turn readable for them. Posted, as the owner may be
        // inside one of its own calls.
        asio::post(socket_.get_executor(), [keep = owner_.keep_alive(), this] {
            deliver_tls();
            arm_read();
        });
        return;
    }
    arm_read();
}

bool socket_io::tls_handshaking() const { return tls_ && !tls_->established(); }

void socket_io::deliver_tls() {
    if (state_ != state::open) return;
    const bool was_handshaking = !tls_->established();
    auto buffer = thread_read_buffer(settings_.read_buffer_size);
    while (state_ == state::open && !owner_.input_paused()) {
        std::error_code ec;
        const auto n = tls_->read(std::span<std::byte>(buffer.data(), buffer.size()), ec);
        if (ec) {
            send_tls_output();  // a fatal alert for the peer, when there is one
            finish(ec);
            return;
        }
        if (n == 0) break;
        bytes_read_ += n;
        owner_.on_input(std::span<const std::byte>(buffer.data(), n));
    }
    if (state_ == state::closed) return;
    // Handshake records, session tickets; and plaintext queued before the
    // handshake completed can go now.
    send_tls_output();
    if (was_handshaking && tls_->established()) {
        arm_timer();  // the handshake deadline no longer applies
        flush();
    }
}

void socket_io::send_tls_output() {
    auto out = tls_->take_output();
    if (out.empty()) return;
    cipher_.push(std::move(out));
    flush();
}

bool socket_io::seal() {
    if (!tls_->established()) return true;
    // One staging buffer per thread, like the read buffer.
    thread_local std::vector<std::byte> staging;
    while (!queue_.empty() && cipher_.bytes_queued() < seal_batch) {
        staging.clear();
        for (std::size_t i = 0; i < queue_.buffers() && staging.size() < record_size; ++i) {
            auto bytes = queue_.peek(i);
            bytes = bytes.first(std::min(bytes.size(), record_size - staging.size()));
            staging.insert(staging.end(), bytes.begin(), bytes.end());
        }
        if (auto ec = tls_->write(staging)) {
            finish(ec);
            return false;
        }
        queue_.consume(staging.size());
        plain_written_ += staging.size();
        cipher_.push(tls_->take_output());
    }
    if (state_ == state::closing && queue_.empty() && !close_notify_sent_) {
        // RFC 8446 6.1: close_notify before the TCP FIN, so the peer can tell
        // the end of the stream from a truncation.
        close_notify_sent_ = true;
        tls_->shutdown();
        cipher_.push(tls_->take_output());
    }
    return true;
}

void socket_io::on_readable(std::error_code ec) {
    if (state_ == state::closed) return;
    if (ec) {
        finish(ec);
        return;
    }
    bool got_input = false;
    for (int i = 0; i < max_reads_per_wakeup && state_ != state::closed; ++i) {
        auto buffer = thread_read_buffer(settings_.read_buffer_size);
        std::error_code read_ec;
        auto n = socket_.read_some(asio::buffer(buffer.data(), buffer.size()), read_ec);
        if (would_block(read_ec)) break;
        if (read_ec) {
            // The peer's FIN (or a reset). While closing it is what we waited for.
            finish(state_ == state::closing ? close_reason_ : read_ec);
            return;
        }
        got_input = true;
        if (tls_) {
            if (state_ == state::open) {
                tls_->feed(std::span<const std::byte>(buffer.data(), n));
                deliver_tls();  // reuses the thread's buffer: `buffer` is consumed
            }
        } else {
            bytes_read_ += n;
            if (state_ == state::open) owner_.on_input(std::span<const std::byte>(buffer.data(), n));
        }
        if (n < buffer.size()) break;  // the socket is most likely empty now
        if (state_ == state::open && owner_.input_paused()) break;
    }
    if (got_input) last_input_ = clock::now();
    arm_read();
}

void socket_io::flush() {
    if (state_ == state::idle || state_ == state::closed) return;
    owner_.collect_output(queue_);
    if (write_waiting_) return;  // the writability wait continues the work
    bool wrote = false;
    for (;;) {
        if (tls_ && !seal()) return;
        auto& wire = tls_ ? cipher_ : queue_;
        if (wire.empty()) break;
        std::error_code ec;
        wire.write_some(socket_.native_handle(), ec);
        if (ec == std::errc::operation_would_block) {
            wait_writable();
            return;
        }
        if (ec) {
            finish(ec);
            return;
        }
        wrote = true;
        // With TLS, plaintext past one sealed batch (or close_notify) may wait.
        if (!tls_ || (queue_.empty() && (state_ != state::closing || close_notify_sent_))) break;
    }
    if (state_ == state::closing) {
        // Plaintext waiting for a handshake that never completed is dropped.
        if (queue_.empty() || tls_handshaking()) after_drain();
        return;
    }
    // Plaintext waiting for the TLS handshake is still queued: not drained yet.
    if (wrote && queue_.empty()) owner_.on_drained();
}

void socket_io::schedule_flush() {
    if (flush_posted_ || state_ == state::idle || state_ == state::closed) return;
    flush_posted_ = true;
    // Posted, so everything queued by the current batch of handlers leaves in one write.
    asio::post(socket_.get_executor(), [keep = owner_.keep_alive(), this] {
        flush_posted_ = false;
        flush();
    });
}

void socket_io::wait_writable() {
    write_waiting_ = true;
    socket_.async_wait(asio::ip::tcp::socket::wait_write, [keep = owner_.keep_alive(), this](std::error_code ec) {
        write_waiting_ = false;
        if (state_ == state::closed) return;
        if (ec) {
            finish(ec);
            return;
        }
        flush();
    });
}

void socket_io::after_drain() {
    if (shut_down_) return;
    // Half-close, then read until the peer's FIN: closing with unread input
    // would send a reset that can destroy our last bytes before the peer reads them.
    shut_down_ = true;
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void socket_io::update_deadline() {
    if (state_ == state::open) arm_timer();
}

void socket_io::arm_timer() {
    auto deadline = clock::time_point::max();
    if (state_ == state::open) {
        deadline = owner_.deadline();
        if (tls_handshaking()) deadline = std::min(deadline, started_ + settings_.tls_handshake_timeout);
    } else if (state_ == state::closing) {
        deadline = close_deadline_;
    }
    if (deadline == clock::time_point::max()) {
        if (timer_armed_) {
            ++timer_generation_;
            timer_armed_ = false;
            timer_.cancel();
        }
        return;
    }
    // An earlier wake-up is fine: on_timer() checks and sleeps again.
    if (timer_armed_ && timer_expiry_ <= deadline) return;
    timer_.expires_at(deadline);
    timer_expiry_ = deadline;
    timer_armed_ = true;
    auto generation = ++timer_generation_;
    timer_.async_wait([keep = owner_.keep_alive(), this, generation](std::error_code ec) {
        if (generation != timer_generation_) return;  // superseded by a later arm
        timer_armed_ = false;
        if (ec || state_ == state::closed) return;
        on_timer();
    });
}

void socket_io::on_timer() {
    auto now = clock::now();
    if (state_ == state::closing) {
        if (now >= close_deadline_) {
            auto reason = close_reason_;
            if (!reason && (!queue_.empty() || !shut_down_)) reason = errc::close_timeout;
            finish(reason);
            return;
        }
    } else if (state_ == state::open && tls_handshaking() && now >= started_ + settings_.tls_handshake_timeout) {
        finish(errc::tls_handshake_timeout);
        return;
    } else if (state_ == state::open && now >= owner_.deadline()) {
        owner_.on_deadline();
    }
    arm_timer();
}

void socket_io::close(std::error_code reason) {
    if (state_ == state::closing || state_ == state::closed) return;
    if (state_ == state::idle) {
        finish(reason);
        return;
    }
    state_ = state::closing;
    close_reason_ = reason;
    close_deadline_ = clock::now() + settings_.close_timeout;
    arm_timer();
    flush();
    arm_read();
}

void socket_io::abort(std::error_code reason) { finish(reason); }

void socket_io::finish(std::error_code reason) {
    if (state_ == state::closed) return;
    state_ = state::closed;
    ended_ = clock::now();
    ++timer_generation_;
    timer_armed_ = false;
    timer_.cancel();
    std::error_code ignored;
    socket_.close(ignored);
    queue_.clear();
    cipher_.clear();
    // Posted, so the owner never sees the close inside one of its own calls.
    asio::post(socket_.get_executor(), [keep = owner_.keep_alive(), this, reason] { owner_.on_closed(reason); });
}

connection_stats socket_io::stats() const {
    auto end = state_ == state::closed ? ended_ : clock::now();
    connection_stats s;
    s.remote = remote_;
    s.bytes_read = bytes_read_;
    s.bytes_written = bytes_written();
    s.write_calls = tls_ ? cipher_.write_calls() : queue_.write_calls();
    s.duration = state_ == state::idle ? clock::duration{} : end - started_;
    return s;
}

}  // namespace lal::net
