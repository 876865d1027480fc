// SPDX-License-Identifier: MIT
#include "flv_scanner.hpp"

#include <algorithm>

#include "error.hpp"

namespace lalbench {
namespace {

// FLV spec E.2: "FLV", version 1, flags, DataOffset.
constexpr std::size_t file_header_size = 9;
constexpr std::size_t tag_header_size = 11;
constexpr std::size_t previous_size_size = 4;
constexpr std::uint8_t tag_audio = 8;
constexpr std::uint8_t tag_video = 9;
constexpr std::uint8_t tag_script = 18;

}  // namespace

std::error_code flv_scanner::fail(std::error_code ec) {
    error_ = ec;
    state_ = state::dead;
    return ec;
}

std::error_code flv_scanner::feed(lal::byte_span in, tag_sink& sink) {
    if (error_) return error_;
    std::size_t pos = 0;
    while (pos < in.size()) {
        switch (state_) {
        case state::file_header:
        case state::previous_size:
        case state::tag_header: {
            auto need = state_ == state::file_header     ? file_header_size
                        : state_ == state::previous_size ? previous_size_size
                                                         : tag_header_size;
            auto n = std::min(need - fill_, in.size() - pos);
            std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(pos), n, fixed_.begin() + static_cast<std::ptrdiff_t>(fill_));
            fill_ += n;
            pos += n;
            if (fill_ < need) return {};
            fill_ = 0;
            if (auto ec = on_fixed(sink)) return ec;
            break;
        }
        case state::skip: {
            auto n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_left_, in.size() - pos));
            skip_left_ -= n;
            pos += n;
            if (skip_left_ == 0) state_ = state::previous_size;
            break;
        }
        case state::tag_data: {
            auto n = std::min<std::size_t>(data_left_, in.size() - pos);
            if (tag_.type == tag_video && prefix_.size() < stamp_prefix_size) {
                auto keep = std::min(n, stamp_prefix_size - prefix_.size());
                prefix_.insert(prefix_.end(), in.begin() + static_cast<std::ptrdiff_t>(pos),
                               in.begin() + static_cast<std::ptrdiff_t>(pos + keep));
            }
            data_left_ -= static_cast<std::uint32_t>(n);
            pos += n;
            if (data_left_ == 0) {
                tag_.body = prefix_;
                sink.on_tag(tag_);
                state_ = state::previous_size;
            }
            break;
        }
        case state::dead: return error_;
        }
    }
    return {};
}

std::error_code flv_scanner::on_fixed(tag_sink& sink) {
    switch (state_) {
    case state::file_header: {
        // FLV spec E.2: signature "FLV", version 1, DataOffset of at least 9.
        if (fixed_[0] != std::byte{'F'} || fixed_[1] != std::byte{'L'} || fixed_[2] != std::byte{'V'} ||
            fixed_[3] != std::byte{1}) {
            return fail(errc::bad_flv_header);
        }
        auto offset = lal::load_be(fixed_.data() + 5, 4);
        if (offset < file_header_size) return fail(errc::bad_flv_header);
        skip_left_ = offset - file_header_size;
        expected_previous_ = 0;  // E.3: PreviousTagSize0 is always 0
        state_ = skip_left_ > 0 ? state::skip : state::previous_size;
        return {};
    }
    case state::previous_size:
        // E.3: each PreviousTagSize is the size of the tag before it, header included.
        if (lal::load_be(fixed_.data(), 4) != expected_previous_) return fail(errc::bad_flv_tag);
        state_ = state::tag_header;
        return {};
    case state::tag_header: {
        // E.4.1: Reserved(2) Filter(1) TagType(5), DataSize(24), Timestamp(24),
        // TimestampExtended(8), StreamID(24).
        auto b0 = std::to_integer<std::uint8_t>(fixed_[0]);
        std::uint8_t type = b0 & 0x1f;
        if ((b0 & 0x20) != 0 || (type != tag_audio && type != tag_video && type != tag_script)) {
            return fail(errc::bad_flv_tag);
        }
        tag_.type = type;
        tag_.data_size = static_cast<std::uint32_t>(lal::load_be(fixed_.data() + 1, 3));
        tag_.timestamp = static_cast<std::uint32_t>(lal::load_be(fixed_.data() + 4, 3)) |
                         (std::to_integer<std::uint32_t>(fixed_[7]) << 24);
        tag_.body = {};
        expected_previous_ = static_cast<std::uint32_t>(tag_header_size) + tag_.data_size;
        prefix_.clear();
        data_left_ = tag_.data_size;
        if (data_left_ == 0) {
            sink.on_tag(tag_);
            state_ = state::previous_size;
        } else {
            state_ = state::tag_data;
        }
        return {};
    }
    default: return {};
    }
}

}  // namespace lalbench
