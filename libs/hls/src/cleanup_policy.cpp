// SPDX-License-Identifier: MIT
#include <lal/hls/cleanup_policy.hpp>

#include <utility>

namespace lal::hls {

void cleanup_policy::on_closed(const std::string& name) {
    if (mode_ == cleanup_mode::at_stream_end) written_.push_back(name);
}

std::optional<delete_files> cleanup_policy::on_evicted(const std::string& name, std::int64_t now_ms) {
    if (mode_ != cleanup_mode::asap) return std::nullopt;
    // The eviction already waited out the window and delete_threshold: no more delay.
    return delete_files{{name}, now_ms};
}

std::optional<delete_files> cleanup_policy::on_ended(std::int64_t now_ms, bool record_playlist) {
    if (mode_ != cleanup_mode::at_stream_end) return std::nullopt;
    delete_files d;
    d.names = std::exchange(written_, {});
    d.names.emplace_back(live_playlist_name);
    if (record_playlist) d.names.emplace_back(record_playlist_name);
    d.not_before_ms = now_ms + grace_ms_;
    return d;
}

}  // namespace lal::hls
