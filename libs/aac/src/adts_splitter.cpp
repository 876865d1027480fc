// SPDX-License-Identifier: MIT
#include <lal/aac/adts_splitter.hpp>

#include <lal/aac/adts.hpp>

namespace lal::aac {

std::error_code adts_splitter::feed(byte_span in) {
    if (error_) return error_;
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    std::size_t pos = 0;
    while (buffer_.size() - pos >= adts_header_size) {
        auto rest = byte_span(buffer_).subspan(pos);
        auto h = parse_adts_header(rest);
        if (!h) {
            // A CRC header may need two more bytes than the fixed part.
            if (h.error() != errc::truncated) error_ = h.error();
            break;
        }
        if (rest.size() < h->frame_length) break;
        ready_.push_back(lal::payload::copy_from(rest.first(h->frame_length)));
        pos += h->frame_length;
    }
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos));
    return error_;
}

std::optional<lal::payload> adts_splitter::next() {
    if (ready_.empty()) return std::nullopt;
    auto p = std::move(ready_.front());
    ready_.pop_front();
    return p;
}

std::error_code adts_splitter::finish() const noexcept {
    if (error_) return error_;
    if (!buffer_.empty()) return errc::truncated;
    return {};
}

}  // namespace lal::aac
