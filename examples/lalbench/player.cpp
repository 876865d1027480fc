// SPDX-License-Identifier: MIT
#include "player.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>

#include "error.hpp"
#include "stamp.hpp"

namespace lalbench {
namespace {

// Reads per readiness report before the other connections of the thread get theirs.
constexpr int max_reads_per_wakeup = 4;
// Each read gets a fresh buffer (the decoders keep slices of it, never copies),
// sized after the reads before it: doubled after a full read, else the
// smallest power of two above the last read, within these bounds. Zeroing a
// buffer costs in proportion to its size, so it should fit what arrives.
constexpr std::size_t min_read_size = 4 * 1024;
constexpr std::size_t max_read_size = 64 * 1024;

bool would_block(std::error_code ec) {
    return ec == asio::error::would_block || ec == asio::error::try_again;
}

std::uint64_t elapsed_us(clock_type::time_point since) {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - since).count());
}

}  // namespace

std::optional<host_port> split_authority(std::string_view authority, std::uint16_t default_port) {
    host_port out{{}, default_port};
    const auto colon = authority.rfind(':');
    const auto bracket = authority.rfind(']');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        const auto port = authority.substr(colon + 1);
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) return std::nullopt;
        out.port = static_cast<std::uint16_t>(value);
        authority = authority.substr(0, colon);
    }
    if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']')
        authority = authority.substr(1, authority.size() - 2);
    if (authority.empty() || out.port == 0) return std::nullopt;
    out.host = std::string(authority);
    return out;
}

player::player(worker& w, const player_settings& settings)
    : worker_(w), settings_(settings), socket_(w.io()), read_size_(min_read_size) {}

player::~player() = default;

void player::start() {
    started_ = last_input_ = clock_type::now();
    counters::bump(worker_.live().players_started);
    open();
}

void player::open() {
    socket_.async_connect(settings_.endpoint, [self = shared_from_this()](std::error_code ec) { self->on_connect(ec); });
}

void player::close_transport() {
    if (watched_) worker_.unwatch(socket_.native_handle());
    watched_ = false;
    std::error_code ignored;
    socket_.close(ignored);
}

void player::transport_up() {
    state_ = state::starting;
    on_connected();
}

void player::received(lal::payload in) {
    last_input_ = clock_type::now();
    read_time_us_ = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(last_input_.time_since_epoch()).count());
    counters::bump(worker_.live().bytes, in.size());
    on_input(in);
}

void player::on_connect(std::error_code ec) {
    if (state_ == state::closed) return;
    if (ec) {
        fail(ec, "connect");
        return;
    }
    socket_.non_blocking(true, ec);
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    if (!worker_.watch(socket_.native_handle(), this)) {
        fail(std::error_code(errno, std::generic_category()), "epoll");
        return;
    }
    watched_ = true;
    transport_up();
}

void player::on_readable() {
    if (state_ == state::closed) return;
    for (int i = 0; i < max_reads_per_wakeup; ++i) {
        std::vector<std::byte> buffer(read_size_);
        std::error_code ec;
        auto n = socket_.read_some(asio::buffer(buffer.data(), buffer.size()), ec);
        if (would_block(ec)) return;
        if (ec == asio::error::eof) {
            fail(errc::closed_by_server);
            return;
        }
        if (ec) {
            fail(ec, "read");
            return;
        }
        bool full = n == buffer.size();
        read_size_ = full ? std::min(2 * read_size_, max_read_size)
                          : std::clamp(std::bit_ceil(n), min_read_size, max_read_size);
        buffer.resize(n);
        received(lal::payload::adopt(std::move(buffer)));
        if (state_ == state::closed || !full) return;  // most likely drained
    }
    // More may be waiting: the worker's epoll set is level-triggered, so it
    // reports this socket again after the others had their turn.
}

void player::send(lal::byte_span bytes) {
    if (state_ == state::closed || bytes.empty()) return;
    if (!pending_out_.empty() || write_waiting_) {
        pending_out_.insert(pending_out_.end(), bytes.begin(), bytes.end());
        return;
    }
    std::error_code ec;
    auto n = socket_.write_some(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec && !would_block(ec)) {
        fail(ec, "write");
        return;
    }
    if (n < bytes.size()) {
        pending_out_.assign(bytes.begin() + static_cast<std::ptrdiff_t>(n), bytes.end());
        wait_writable();
    }
}

void player::wait_writable() {
    write_waiting_ = true;
    socket_.async_wait(asio::ip::tcp::socket::wait_write, [self = shared_from_this()](std::error_code ec) {
        self->write_waiting_ = false;
        if (self->state_ == state::closed) return;
        if (ec) {
            self->fail(ec, "write");
            return;
        }
        std::vector<std::byte> out;
        out.swap(self->pending_out_);
        self->send(out);
    });
}

void player::play_requested() noexcept { join_us_ = now_us(); }

void player::play_started() {
    if (state_ != state::starting) return;
    state_ = state::playing;
    auto& live = worker_.live();
    counters::bump(live.players_connected);
    counters::bump(live.players_active);
    worker_.results().play_start.record(elapsed_us(started_));
    if (settings_.churn && settings_.churn_until_start) {
        counters::bump(live.players_done);
        close();
    }
}

void player::first_media() {
    got_media_ = true;
    worker_.results().first_media.record(elapsed_us(started_));
    if (settings_.churn && state_ == state::playing) {
        counters::bump(worker_.live().players_done);
        close();
    }
}

void player::on_audio() {
    counters::bump(worker_.live().frames);
    if (!got_media_) first_media();
}

void player::on_video(lal::byte_span body) {
    auto prefix = body.first(std::min(body.size(), stamp_prefix_size));
    auto& live = worker_.live();
    counters::bump(live.frames);
    counters::bump(live.video_frames);
    if (auto n = sequence_header_length_size(prefix)) {
        length_size_ = *n;
        return;
    }
    if (!got_media_) first_media();
    if (state_ == state::closed) return;
    auto s = find_stamp(prefix, length_size_);
    if (!s) return;
    counters::bump(live.stamped_frames);
    // Loss: a gap in a publisher's numbering after the first frame this player got.
    if (have_sequence_) {
        if (s->sequence > next_sequence_) lost_ += s->sequence - next_sequence_;
        else if (s->sequence < next_sequence_) ++worker_.results().sequence_resets;
    }
    have_sequence_ = true;
    next_sequence_ = s->sequence + 1;
    // Frames stamped before the play request came from the server's cache:
    // their age says nothing about the server's delay.
    if (s->send_time_us < join_us_) return;
    auto latency = read_time_us_ > s->send_time_us ? read_time_us_ - s->send_time_us : 0;
    max_latency_us_ = std::max(max_latency_us_, latency);
    if (worker_.measuring()) worker_.results().latency.record(latency);
}

void player::check(clock_type::time_point now) {
    if (state_ == state::closed) return;
    if (state_ != state::playing) {
        if (now - started_ >= settings_.connect_timeout) fail(errc::connect_timeout);
    } else if (settings_.idle_timeout.count() > 0 && now - last_input_ >= settings_.idle_timeout) {
        fail(errc::idle_timeout);
    }
}

void player::stop() {
    if (state_ == state::closed) return;
    if (state_ != state::playing) {
        fail(errc::connect_timeout, "the run ended first");
        return;
    }
    close();
}

void player::fail(std::error_code ec, std::string_view context) {
    if (state_ == state::closed) return;
    counters::bump(worker_.live().players_failed);
    auto description = "player: " + ec.message();
    if (!context.empty()) description += " (" + std::string(context) + ")";
    worker_.record_failure(description);
    close();
}

void player::close() {
    if (state_ == state::closed) return;
    if (state_ == state::playing) counters::drop(worker_.live().players_active);
    state_ = state::closed;
    close_transport();
    pending_out_ = {};
    tally();
    auto fn = std::move(on_end_);
    on_end_ = nullptr;
    if (fn) fn();
}

void player::tally() {
    if (tallied_) return;
    tallied_ = true;
    auto& r = worker_.results();
    if (max_latency_us_ > settings_.lag_limit_us) {
        ++r.lagging_players;
        r.lost_lagging += lost_;
    } else {
        r.lost += lost_;
    }
}

}  // namespace lalbench
