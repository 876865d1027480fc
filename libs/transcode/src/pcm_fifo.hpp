// SPDX-License-Identifier: MIT
// Interleaved float PCM waiting to fill an encoder frame. Bounded by use: the
// transcoders take whole encoder frames out after every input frame, so it
// holds less than one encoder frame plus one decoded frame.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace lal::transcode::detail {

/// A first-in first-out buffer of interleaved float samples.
class pcm_fifo {
public:
    /// A buffer of `channels` interleaved channels.
    explicit pcm_fifo(int channels) : channels_(static_cast<std::size_t>(channels)) {}
    /// Samples per channel held.
    std::size_t samples() const noexcept { return (data_.size() - read_) / channels_; }
    /// Room for `n` samples at the back; `commit_back` then says how many were written.
    float* prepare_back(std::size_t n) {
        compact();
        written_from_ = data_.size();
        data_.resize(written_from_ + n * channels_);
        return data_.data() + written_from_;
    }
    /// Keeps `n` of the samples written into the room `prepare_back` gave.
    void commit_back(std::size_t n) { data_.resize(written_from_ + n * channels_); }
    /// Appends `n` samples of silence.
    void append_silence(std::size_t n) {
        compact();
        data_.resize(data_.size() + n * channels_, 0.0F);
    }
    /// The oldest samples (valid until the next non-const call).
    const float* front() const noexcept { return data_.data() + read_; }
    /// Drops the `n` oldest samples; n <= samples().
    void pop_front(std::size_t n) noexcept { read_ += n * channels_; }
    /// Drops everything.
    void clear() noexcept {
        data_.clear();
        read_ = 0;
    }

private:
    // Moves the unread samples to the front once the consumed part dominates.
    void compact() {
        if (read_ == 0 || read_ < data_.size() / 2) return;
        data_.erase(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(read_));
        read_ = 0;
    }

    std::size_t channels_;
    std::vector<float> data_;
    std::size_t read_ = 0;
    std::size_t written_from_ = 0;
};

}  // namespace lal::transcode::detail
