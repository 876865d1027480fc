// SPDX-License-Identifier: MIT
#include <lal/flv/reader.hpp>

#include <algorithm>
#include <cstring>
#include <utility>

namespace lal::flv {

reader::reader(reader_limits limits) : limits_(limits) {}

std::error_code reader::fail(errc e) {
    state_ = state::dead;
    error_ = make_error_code(e);
    data_ = {};
    return error_;
}

bool reader::at_tag_boundary() const noexcept {
    return state_ == state::tag_header && fixed_fill_ == 0;
}

std::error_code reader::finish() const noexcept {
    if (error_) return error_;
    if (!at_tag_boundary()) return make_error_code(errc::truncated);
    return {};
}

void reader::on_previous_size() {
    // E.3: PreviousTagSize repeats the size of the tag before it (header + data).
    auto value = static_cast<std::uint32_t>(lal::load_be(fixed_.data(), previous_tag_size_size));
    if (value != expected_previous_size_) ++mismatches_;
    state_ = state::tag_header;
}

std::error_code reader::on_tag_header() {
    auto h = parse_tag_header(fixed_);
    if (!h) return fail(static_cast<errc>(h.error().value()));
    // Enforce the cap before a single byte of the body is buffered.
    if (h->data_size > limits_.max_tag_size) return fail(errc::tag_too_large);
    current_ = *h;
    data_.clear();
    state_ = state::tag_data;
    return {};
}

void reader::finish_tag(lal::payload data) {
    ready_.emplace_back(tag{current_.type, current_.timestamp, current_.stream_id, std::move(data)}, current_offset_);
    expected_previous_size_ = static_cast<std::uint32_t>(tag_header_size + current_.data_size);
    state_ = state::previous_size;
}

std::error_code reader::feed(lal::byte_span in) { return feed(in, nullptr); }

std::error_code reader::feed(const lal::payload& in) { return feed(in.bytes(), &in); }

// `source`, when set, holds exactly the bytes of `in`: tag data lying whole
// in it becomes a slice of it.
std::error_code reader::feed(lal::byte_span in, const lal::payload* source) {
    if (state_ == state::dead) return error_;
    std::size_t i = 0;

    // Copies up to `need` bytes into fixed_; true once it holds all of them.
    auto fill_fixed = [&](std::size_t need) {
        auto n = std::min(need - fixed_fill_, in.size() - i);
        std::memcpy(fixed_.data() + fixed_fill_, in.data() + i, n);
        fixed_fill_ += n;
        i += n;
        position_ += n;
        return fixed_fill_ == need;
    };

    for (;;) {
        // A tag with no data is complete as soon as its header is.
        if (state_ == state::tag_data && data_.size() == current_.data_size) {
            finish_tag(lal::payload::adopt(std::exchange(data_, {})));
        }
        if (i == in.size()) break;

        switch (state_) {
        case state::file_header: {
            bool full = fill_fixed(file_header_size);
            // Reject a wrong signature as soon as its bytes arrive, not after 9 bytes.
            for (std::size_t k = 0; k < std::min<std::size_t>(fixed_fill_, 3); ++k) {
                if (fixed_[k] != static_cast<std::byte>("FLV"[k])) return fail(errc::bad_signature);
            }
            if (!full) break;
            auto h = parse_file_header(std::span(fixed_).first(file_header_size));
            if (!h) return fail(static_cast<errc>(h.error().value()));
            header_ = *h;
            fixed_fill_ = 0;
            skip_left_ = h->data_offset - file_header_size;
            expected_previous_size_ = 0;
            state_ = skip_left_ ? state::skip : state::previous_size;
            break;
        }
        case state::skip: {
            auto n = static_cast<std::size_t>(
                std::min<std::uint64_t>(skip_left_, in.size() - i));
            i += n;
            position_ += n;
            skip_left_ -= n;
            if (skip_left_ == 0) state_ = state::previous_size;
            break;
        }
        case state::previous_size:
            if (!fill_fixed(previous_tag_size_size)) break;
            fixed_fill_ = 0;
            on_previous_size();
            break;
        case state::tag_header:
            if (fixed_fill_ == 0) current_offset_ = position_;
            if (!fill_fixed(tag_header_size)) break;
            fixed_fill_ = 0;
            if (auto ec = on_tag_header()) return ec;
            break;
        case state::tag_data: {
            auto n = std::min<std::size_t>(current_.data_size - data_.size(), in.size() - i);
            if (source && data_.empty() && n == current_.data_size) {
                // All of the data is here: share it instead of copying.
                finish_tag(source->slice(i, n));
            } else {
                // Reserved once the first bytes arrive, never more than the tag holds.
                if (data_.empty()) data_.reserve(current_.data_size);
                data_.insert(data_.end(), in.begin() + static_cast<std::ptrdiff_t>(i),
                             in.begin() + static_cast<std::ptrdiff_t>(i + n));
            }
            i += n;
            position_ += n;
            break;
        }
        case state::dead: return error_;
        }
    }
    return {};
}

std::optional<tag> reader::next() {
    if (ready_.empty()) return std::nullopt;
    auto [t, offset] = std::move(ready_.front());
    ready_.pop_front();
    last_offset_ = offset;
    return std::move(t);
}

}  // namespace lal::flv
