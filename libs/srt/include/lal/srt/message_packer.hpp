// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::srt {

/// The payload of one live-mode SRT message carrying MPEG-TS: 7 packets of
/// 188 bytes (SRT_LIVE_DEF_PLSIZE in libsrt, what ffmpeg and OBS send).
constexpr std::size_t live_message_size = 1316;

/// Cuts a stream of bytes (TS packets) into messages of `message_size`
/// bytes, so a player reads whole TS packets in each message. Bytes already
/// forming whole messages go out without a copy; the rest waits in the packer
/// until more bytes come or flush(). Not thread-safe: one per connection.
class message_packer {
public:
    /// `message_size` must not be 0.
    explicit message_packer(std::size_t message_size = live_message_size) : size_(message_size) {
        assert(size_ > 0);
        pending_.reserve(size_);
    }

    /// Adds `bytes`; `sink(byte_span)` is called for each complete message,
    /// with a span valid only during the call.
    template <class Sink>
    void add(byte_span bytes, Sink&& sink) {
        if (!pending_.empty()) {
            const auto n = std::min(size_ - pending_.size(), bytes.size());
            pending_.insert(pending_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
            bytes = bytes.subspan(n);
            if (pending_.size() < size_) return;
            sink(byte_span(pending_));
            pending_.clear();
        }
        while (bytes.size() >= size_) {
            sink(bytes.first(size_));
            bytes = bytes.subspan(size_);
        }
        pending_.assign(bytes.begin(), bytes.end());
    }

    /// Hands the bytes still waiting, if any, to `sink` as one shorter message.
    template <class Sink>
    void flush(Sink&& sink) {
        if (pending_.empty()) return;
        sink(byte_span(pending_));
        pending_.clear();
    }

    /// Bytes waiting for a message to fill.
    std::size_t pending() const noexcept { return pending_.size(); }
    /// Forgets the waiting bytes.
    void clear() noexcept { pending_.clear(); }

private:
    std::size_t size_;
    std::vector<std::byte> pending_;
};

}  // namespace lal::srt
