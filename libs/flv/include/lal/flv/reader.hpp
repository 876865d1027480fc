// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/flv/error.hpp>
#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>

namespace lal::flv {

/// Limits the reader enforces before buffering anything.
struct reader_limits {
    /// Largest tag data size accepted; a larger DataSize fails with errc::tag_too_large
    /// before its body is buffered.
    std::uint32_t max_tag_size = 8 * 1024 * 1024;
};

/// Incremental, sans-IO FLV file/stream reader: feed bytes in any pieces,
/// take complete tags out. Results do not depend on how the input is split.
///
/// A tag is complete, and returned, once its data has arrived; the
/// PreviousTagSize that follows is checked when it arrives. A mismatch is
/// not an error (some muxers write other values) but is counted in
/// previous_tag_size_mismatches().
class reader {
public:
    explicit reader(reader_limits limits = {});

    /// Consumes all of `in`. After an error the reader is dead and every later
    /// call returns the same error. Errors: bad_signature, bad_header,
    /// unknown_tag_type, encrypted_tag, tag_too_large.
    std::error_code feed(lal::byte_span in);
    /// Zero-copy mode: as feed(byte_span), but the data of a tag that lies
    /// whole in `in` is a slice of `in` (sharing its storage) instead of a
    /// copy; tags cut by the end of `in` are copied. The tags are the same
    /// whichever feed is used.
    std::error_code feed(const lal::payload& in);

    /// The next complete tag, or nullopt when more input is needed.
    std::optional<tag> next();

    /// The file header, once its 9 bytes have arrived.
    const std::optional<file_header>& header() const noexcept { return header_; }

    /// File offset of the tag header of the tag most recently returned by next().
    std::uint64_t last_tag_offset() const noexcept { return last_offset_; }

    /// Bytes consumed by feed() so far.
    std::uint64_t position() const noexcept { return position_; }

    /// True when the input so far ends right after a PreviousTagSize field,
    /// that is, no header, tag or size field is half-read.
    bool at_tag_boundary() const noexcept;

    /// Call at end of input: the error that stopped the reader, else
    /// errc::truncated if the input ended inside the header, a tag or a
    /// PreviousTagSize, else success.
    std::error_code finish() const noexcept;

    /// Number of PreviousTagSize fields that did not match the tag before them
    /// (PreviousTagSize0 is expected to be 0).
    std::uint64_t previous_tag_size_mismatches() const noexcept { return mismatches_; }

private:
    enum class state { file_header, skip, previous_size, tag_header, tag_data, dead };

    std::error_code fail(errc e);
    void on_file_header();
    std::error_code feed(lal::byte_span in, const lal::payload* source);
    std::error_code on_tag_header();
    void finish_tag(lal::payload data);
    void on_previous_size();

    reader_limits limits_;
    state state_ = state::file_header;
    std::error_code error_;
    std::optional<file_header> header_;

    std::array<std::byte, tag_header_size> fixed_{};  // file header, tag header or size field
    std::size_t fixed_fill_ = 0;
    std::uint64_t skip_left_ = 0;

    tag_header current_{};
    std::uint64_t current_offset_ = 0;
    std::vector<std::byte> data_;  // of the current tag, when copied
    std::uint32_t expected_previous_size_ = 0;

    std::deque<std::pair<tag, std::uint64_t>> ready_;
    std::uint64_t last_offset_ = 0;
    std::uint64_t position_ = 0;
    std::uint64_t mismatches_ = 0;
};

}  // namespace lal::flv
