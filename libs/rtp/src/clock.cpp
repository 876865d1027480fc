// SPDX-License-Identifier: MIT
#include <lal/rtp/clock.hpp>

#include <algorithm>

namespace lal::rtp {

media::micros track_clock::to_micros(std::uint32_t timestamp) noexcept {
    const bool first = !unwrap_.started();
    const auto ext = unwrap_.unwrap(timestamp);
    if (first) {
        first_ = ext;
        anchor_report();
    }
    return ticks_to_micros(ext - first_, rate_);
}

void track_clock::on_sender_report(const sender_report& sr) noexcept {
    pending_ = sr;
    if (unwrap_.started()) anchor_report();
}

void track_clock::anchor_report() noexcept {
    if (!pending_) return;
    // The report's RTP time is read as the value nearest the newest timestamp
    // (a report never lags its stream by half the 32-bit range).
    const auto highest = unwrap_.highest();
    const auto delta = static_cast<std::int32_t>(pending_->rtp_time - static_cast<std::uint32_t>(highest));
    const auto local = ticks_to_micros(highest + delta - first_, rate_);
    wall_of_zero_ = ntp_to_micros(pending_->ntp_time) - local;
    pending_.reset();
}

std::optional<media::micros> sync_offset(const track_clock& track, const track_clock& reference) noexcept {
    auto a = track.wall_of_zero();
    auto b = reference.wall_of_zero();
    if (!a || !b) return std::nullopt;
    return *a - *b;
}

media::micros dts_estimator::next(media::micros pts, bool closed_key) noexcept {
    if (last_pts_ && pts > *last_pts_) {
        const auto step = pts - *last_pts_;
        measured_ = measured_ ? std::min(*measured_, step) : step;
    }
    last_pts_ = pts;
    const auto duration = measured_ ? std::min(*measured_, duration_guess_) : duration_guess_;
    media::micros dts;
    if (reorder_ == 0) {
        dts = pts;
    } else if (!last_dts_ || closed_key) {
        dts = pts - static_cast<media::micros>(reorder_) * duration;
        if (last_dts_) dts = std::max(dts, *last_dts_ + 1);
    } else {
        dts = std::min(pts, *last_dts_ + duration);
    }
    if (last_dts_ && dts <= *last_dts_) dts = *last_dts_ + 1;
    last_dts_ = dts;
    return dts;
}

}  // namespace lal::rtp
