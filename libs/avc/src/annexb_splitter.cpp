// SPDX-License-Identifier: MIT
#include <lal/avc/annexb_splitter.hpp>

#include <algorithm>

namespace lal::avc {

void annexb_splitter::end_unit() {
    // Zero bytes pending at a start code are trailing_zero_8bits or the
    // zero_byte of a 4-byte start code (B.1.1), so they are dropped.
    if (in_unit_ && !current_.empty()) ready_.push_back(lal::payload::adopt(std::move(current_)));
    current_ = {};
    zeros_ = 0;
}

std::error_code annexb_splitter::feed(byte_span in) {
    if (error_) return error_;
    std::size_t i = 0;
    while (i < in.size()) {
        const auto b = in[i];
        if (b == std::byte{0}) {
            ++zeros_;
            ++i;
            continue;
        }
        if (b == std::byte{1} && zeros_ >= 2) {
            end_unit();
            in_unit_ = true;
            ++i;
            continue;
        }
        if (!in_unit_) {
            error_ = errc::missing_start_code;
            return error_;
        }
        // A run without 0x00 cannot hold a start code: copy it in one go.
        auto run_end = static_cast<std::size_t>(
            std::find(in.begin() + static_cast<std::ptrdiff_t>(i), in.end(), std::byte{0}) - in.begin());
        auto run = run_end - i;
        if (current_.size() + zeros_ + run > max_nal_size_) {
            error_ = errc::nal_unit_too_large;
            return error_;
        }
        current_.insert(current_.end(), zeros_, std::byte{0});
        zeros_ = 0;
        current_.insert(current_.end(), in.begin() + static_cast<std::ptrdiff_t>(i),
                        in.begin() + static_cast<std::ptrdiff_t>(run_end));
        i = run_end;
    }
    return {};
}

std::error_code annexb_splitter::finish() {
    if (error_) return error_;
    end_unit();
    in_unit_ = false;
    return {};
}

std::optional<lal::payload> annexb_splitter::next() {
    if (ready_.empty()) return std::nullopt;
    auto p = std::move(ready_.front());
    ready_.pop_front();
    return p;
}

}  // namespace lal::avc
