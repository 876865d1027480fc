// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/base/bytes.hpp>

#include "stamp.hpp"

namespace lalbench {

/// One RTMP message as the scanner reports it: the header fields and only the
/// bytes a player needs.
struct scanned_message {
    std::uint8_t type_id = 0;
    std::uint32_t timestamp = 0;          ///< absolute, in milliseconds
    std::uint32_t length = 0;             ///< body length from the header
    std::uint32_t message_stream_id = 0;
    std::uint32_t chunk_stream_id = 0;
    /// The whole body of protocol control, user control and command messages;
    /// the first bytes (up to scanner_limits::prefix_size) of video messages;
    /// empty for everything else. Valid during the callback only.
    lal::byte_span body;
};

/// Receives the messages the scanner finds, in wire order.
class message_sink {
public:
    /// One complete message.
    virtual void on_message(const scanned_message& m) = 0;

protected:
    ~message_sink() = default;
};

/// Bounds of the scanner; each is checked before anything is kept.
struct scanner_limits {
    std::size_t max_kept_message = 64 * 1024;   ///< largest control or command message kept whole
    std::uint32_t max_chunk_size = 16 * 1024 * 1024;
    std::size_t max_chunk_streams = 64;
    std::size_t prefix_size = stamp_prefix_size;  ///< leading bytes of video messages kept
};

/// Finds message boundaries in an RTMP chunk stream (RTMP spec 5.3) without
/// reassembling media: audio, video and data bodies are skipped, apart from
/// the first bytes of video, so a player costs little more than its reads.
/// Set Chunk Size and Abort take effect as they complete (spec 5.4.1, 5.4.2).
/// Quirks accepted as lal::rtmp::chunk_decoder accepts them: an extended
/// timestamp repeated on type 3 chunks or not; a type 3 chunk starting a
/// message repeats the previous delta; a first header of type 1.
class chunk_scanner {
public:
    explicit chunk_scanner(scanner_limits limits = {});

    /// Consumes all of `in`, calling `sink` for each message completed. Errors
    /// (missing_chunk_header, too_many_chunk_streams, message_too_large,
    /// bad_chunk_size) leave the scanner dead: close the connection.
    std::error_code feed(lal::byte_span in, message_sink& sink);

    /// The peer's chunk size now.
    std::uint32_t chunk_size() const noexcept { return chunk_size_; }

private:
    struct stream_state {
        std::uint32_t csid = 0;
        std::uint32_t timestamp = 0;
        std::uint32_t delta = 0;
        std::uint32_t length = 0;
        std::uint32_t stream_id = 0;
        std::uint32_t received = 0;     // body bytes of the current message so far
        std::uint32_t extended_value = 0;
        std::uint8_t type_id = 0;
        bool extended = false;          // last type 0/1/2 header had an extended timestamp
        bool in_progress = false;
        // Body of a control or command message, or the first bytes of a video
        // message; its capacity is reused, so frames cost no allocation.
        std::vector<std::byte> kept;
    };
    enum class header_result { done, need_more, failed };

    std::size_t run(lal::byte_span in, message_sink& sink);
    header_result read_header(lal::byte_span in, std::size_t& used);
    void start_message(stream_state& s);
    void take_payload(stream_state& s, lal::byte_span bytes);
    void finish_message(stream_state& s, message_sink& sink);
    stream_state* find(std::uint32_t csid) noexcept;
    bool keeps_whole(std::uint8_t type_id) const noexcept;

    scanner_limits limits_;
    std::uint32_t chunk_size_;
    std::error_code error_;
    std::vector<stream_state> streams_;
    std::size_t current_ = 0;       // index of the chunk stream whose chunk is being read
    std::uint32_t chunk_left_ = 0;  // payload bytes of the current chunk still to come
    // An incomplete chunk header (at most 3 + 11 + 4 bytes), plus room for the
    // input that completes it.
    std::array<std::byte, 2 * 18> stash_{};
    std::size_t stash_size_ = 0;
};

}  // namespace lalbench
