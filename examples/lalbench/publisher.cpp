// SPDX-License-Identifier: MIT
#include "publisher.hpp"

#include "stamp.hpp"

namespace lalbench {

publisher::publisher(worker& w, const publisher_settings& settings, const media_file& media,
                     const lal::rtmp_asio::rtmp_url& url)
    : worker_(w), settings_(settings), media_(media), url_(url), timer_(w.io()) {}

void publisher::start() {
    counters::bump(worker_.live().publishers_started);
    lal::rtmp_asio::client_options options;
    options.connect_timeout = settings_.connect_timeout;
    conn_ = std::make_shared<lal::rtmp_asio::client_connection>(worker_.io().get_executor(), options);
    lal::rtmp_asio::client_handlers h;
    std::weak_ptr<publisher> weak = shared_from_this();
    h.on_event = [weak](lal::rtmp::client_event& e) {
        auto self = weak.lock();
        if (self && std::holds_alternative<lal::rtmp::client_events::publish_started>(e)) self->on_started();
    };
    h.on_drained = [weak] {
        if (auto self = weak.lock(); self && self->publishing_) self->pump();
    };
    h.on_closed = [self = shared_from_this()](const lal::rtmp_asio::client_result& r) { self->on_closed(r); };
    conn_->start(url_, lal::rtmp::client_role::publish, std::move(h));
}

void publisher::on_started() {
    if (stopping_) return;
    publishing_ = true;
    auto& live = worker_.live();
    counters::bump(live.publishers_connected);
    counters::bump(live.publishers_active);
    for (const auto& m : media_.preamble) conn_->send(m);
    started_ = clock_type::now();
    pump();
}

void publisher::pump() {
    if (!publishing_ || stopping_) return;
    auto now = clock_type::now();
    for (;;) {
        if (next_ == media_.frames.size()) {
            next_ = 0;
            ++loop_;
        }
        const auto& f = media_.frames[next_];
        auto due = started_ + std::chrono::milliseconds(loop_ * media_.loop_ms + f.offset_ms);
        if (due > now) {
            timer_.expires_at(due);
            timer_.async_wait([self = shared_from_this()](std::error_code ec) {
                if (!ec) self->pump();
            });
            return;
        }
        send_frame(f, loop_);
        ++next_;
    }
}

void publisher::send_frame(const media_frame& f, std::uint64_t loop) {
    auto& live = worker_.live();
    lal::rtmp::message msg = f.msg;
    msg.timestamp = static_cast<std::uint32_t>(loop * media_.loop_ms + f.offset_ms);
    bool is_video = msg.type_id == lal::rtmp::message_type::video;
    // Every stamped frame takes a number, sent or not, so players see skipped ones as lost.
    std::uint64_t sequence = f.stamped ? sequence_++ : 0;

    // Back-pressure: a server that does not take our bytes gets frames skipped
    // up to the next key frame rather than an ever longer queue.
    if (conn_->bytes_queued() > settings_.high_water) dropping_ = true;
    else if (dropping_ && is_video && f.keyframe) dropping_ = false;
    if (dropping_) {
        counters::bump(live.skipped_frames);
        return;
    }
    if (f.stamped) {
        auto stamped = stamp_video_body(msg.body.bytes(), media_.length_size, stamp{sequence, now_us()});
        if (!stamped.empty()) msg.body = std::move(stamped);
    }
    if (conn_->send(msg)) {
        counters::bump(live.sent_frames);
        counters::bump(live.sent_bytes, msg.body.size());
    }
}

void publisher::check(clock_type::time_point) {
    // client_connection enforces its own connect timeout.
}

void publisher::stop() {
    if (stopping_ || finished_) return;
    stopping_ = true;
    timer_.cancel();
    if (!publishing_) {
        // The run ended before publish start: that is a failure of this publisher.
        counters::bump(worker_.live().publishers_failed);
        worker_.record_failure("publisher: the run ended before publish start");
        conn_->abort();
        return;
    }
    conn_->close();  // FCUnpublish, deleteStream, then TCP close
}

void publisher::on_closed(const lal::rtmp_asio::client_result& r) {
    finished_ = true;
    timer_.cancel();
    auto& live = worker_.live();
    if (publishing_) counters::drop(live.publishers_active);
    // Once stopping, how the close went is not the server's failure (and a
    // publisher that never started was counted by stop()).
    if (!stopping_) {
        counters::bump(live.publishers_failed);
        worker_.record_failure("publisher: " + (r.description.empty() ? r.error.message() : r.description));
    }
    publishing_ = false;
    conn_.reset();
}

}  // namespace lalbench
