// SPDX-License-Identifier: MIT
#include <lal/hls/options.hpp>

#include <algorithm>

#include <lal/hls/error.hpp>

namespace lal::hls {

std::error_code validate(const segmenter_options& options) noexcept {
    if (options.fragment_duration_ms == 0 || options.fragment_num == 0) return errc::bad_options;
    // Bounds that keep every duration sum far from overflow.
    if (options.fragment_duration_ms > max_duration_option_ms || options.max_fragment_duration_ms > max_duration_option_ms ||
        options.timestamp_jump_ms > max_duration_option_ms || options.fragment_num > max_count_option ||
        options.delete_threshold > max_count_option) {
        return errc::bad_options;
    }
    // RFC 8216bis 4.4.4.9: parts are fMP4 fragments here, and no longer than a segment.
    if (options.part_duration_ms != 0 &&
        (options.format != segment_format::fmp4 || options.part_duration_ms < 10 ||
         options.part_duration_ms > options.fragment_duration_ms)) {
        return errc::bad_options;
    }
    if (options.stream_name.empty() || options.stream_name.size() > 200) return errc::bad_options;
    // The name becomes a file name and a URI path segment (RFC 8216 4.1: URI lines).
    for (char c : options.stream_name) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '/' || c == '\\' || u < 0x20 || u == 0x7f) return errc::bad_options;
    }
    if (options.stream_name == "." || options.stream_name == "..") return errc::bad_options;
    return {};
}

std::uint32_t effective_delete_threshold(const segmenter_options& options) noexcept {
    return options.delete_threshold == 0 ? options.fragment_num : options.delete_threshold;
}

std::uint32_t effective_max_fragment_ms(const segmenter_options& options) noexcept {
    if (options.max_fragment_duration_ms == 0) {
        const std::uint64_t four = std::uint64_t{options.fragment_duration_ms} * 4;
        return static_cast<std::uint32_t>(std::min<std::uint64_t>(four, UINT32_MAX));
    }
    return std::max(options.max_fragment_duration_ms, options.fragment_duration_ms);
}

}  // namespace lal::hls
