// SPDX-License-Identifier: MIT
#include <lal/hub/subscriber.hpp>

namespace lal::hub {

subscriber::subscriber(subscriber_sink& sink, form_index form, std::size_t gop_num, queue_limits limits,
                       clock_fn clock)
    : sink_(sink), form_(form), gop_num_(gop_num), limits_(limits), clock_(std::move(clock)) {}

void subscriber::on_start(std::uint64_t seq, const std::vector<frame_ptr>& catch_up) {
    if (closed_ || seq <= last_seq_) return;
    last_seq_ = seq;
    // A (re)started stream begins at a key frame for everyone, including
    // players that stayed through a republish.
    need_keyframe_ = true;
    dropping_ = false;
    if (!started_) {
        started_ = true;
        sink_.start();
    } else {
        sink_.restarted();
    }
    for (const auto& f : catch_up) deliver(f);
}

void subscriber::on_frame(const frame_ptr& f) {
    if (closed_ || !started_ || f->sequence() <= last_seq_) return;
    last_seq_ = f->sequence();
    deliver(f);
}

void subscriber::on_stop(std::uint64_t seq) {
    if (closed_ || seq <= last_seq_) return;
    last_seq_ = seq;
    if (started_) sink_.stop();
}

void subscriber::clear_marks() noexcept {
    // The marks of a GOP sent on joining are not kept for the player's life.
    if (marks_.capacity() > 64) {
        std::vector<queued_mark>().swap(marks_);
    } else {
        marks_.clear();
    }
    marks_head_ = 0;
}

bool subscriber::behind() {
    const auto queued_bytes = sink_.queued_bytes();
    if (queued_bytes == 0) {
        // Everything was written, so every mark was: the common case of a
        // player that keeps up costs one call into the sink per frame.
        clear_marks();
        return false;
    }
    if (queued_bytes > limits_.max_bytes) return true;
    const auto written = sink_.written_bytes();
    while (marks_head_ < marks_.size() && marks_[marks_head_].end_offset <= written) ++marks_head_;
    if (marks_head_ == marks_.size()) {
        clear_marks();
    } else if (marks_head_ >= 32 && marks_head_ * 2 >= marks_.size()) {
        marks_.erase(marks_.begin(), marks_.begin() + static_cast<std::ptrdiff_t>(marks_head_));
        marks_head_ = 0;
    }
    if (marks_.size() - marks_head_ >= 2) {
        // Time going back (a republish rebased elsewhere) counts as nothing queued.
        const auto queued = marks_.back().dts - marks_[marks_head_].dts;
        if (queued > media::from_ms(limits_.max_ms)) return true;
    }
    return false;
}

void subscriber::deliver(const frame_ptr& f) {
    const bool is_video = f->kind() == media_kind::video;
    if (f->is_control()) {
        // Small, and needed to decode or understand what follows: never dropped.
        if (is_video) seen_video_ = true;
        send(f);
        return;
    }
    if (behind()) {
        const auto now = clock_();
        if (!dropping_) {
            dropping_ = true;
            behind_since_ms_ = now;
            ++stats_.drop_episodes;
        } else if (now - behind_since_ms_ > limits_.slow_close_ms) {
            closed_ = true;
            sink_.close("player too slow: queue stayed over its limits");
            return;
        }
        ++stats_.frames_dropped;
        return;
    }
    // Resume (or start) on a video key frame; audio-only streams resume at once.
    const bool resume_point = !seen_video_ || (is_video && f->is_keyframe());
    if (dropping_) {
        if (!resume_point) {
            ++stats_.frames_dropped;
            return;
        }
        dropping_ = false;
    }
    if (is_video && need_keyframe_) {
        if (!f->is_keyframe()) {
            ++stats_.frames_dropped;
            return;
        }
        need_keyframe_ = false;
    }
    send(f);
}

void subscriber::send(const frame_ptr& f) {
    sink_.send(*f);
    ++stats_.frames_sent;
    // Only coded frames measure queued media time: metadata and configurations
    // go out again from the cache with the timestamps they were
    // published with, and would make a player joining late look far behind.
    if (f->is_control()) return;
    marks_.push_back({sink_.written_bytes() + sink_.queued_bytes(), f->dts()});
}

}  // namespace lal::hub
