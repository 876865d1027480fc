// SPDX-License-Identifier: MIT
#include <lal/http/detail/line_buffer.hpp>

#include <cstring>

namespace lal::http::detail {

line_buffer::status line_buffer::take(byte_span& in, std::size_t limit) {
    if (complete_) {
        line_.clear();
        complete_ = false;
    }
    const auto* begin = reinterpret_cast<const char*>(in.data());
    const void* lf = in.empty() ? nullptr : std::memchr(begin, '\n', in.size());
    std::size_t part = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - begin) : in.size();
    // The terminator still has to come, so count it even before it arrives: a
    // line that can no longer fit fails at once, before anything is copied.
    std::size_t raw = line_.size() + part + 1;
    if (raw > limit) return status::too_long;
    line_.append(begin, part);
    in = in.subspan(part + (lf ? 1 : 0));
    if (!lf) return status::need_more;
    raw_size_ = raw;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    complete_ = true;
    return status::line;
}

void line_buffer::release() noexcept {
    std::string().swap(line_);
    raw_size_ = 0;
    complete_ = false;
}

}  // namespace lal::http::detail
