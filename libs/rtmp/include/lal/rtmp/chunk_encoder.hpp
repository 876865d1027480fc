// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <lal/media/wire_form.hpp>
#include <lal/base/payload.hpp>
#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/message.hpp>

namespace lal::rtmp {

/// Largest chunk size an encoder accepts (RTMP spec 5.4.1: 31 bits, and no
/// message is longer than 16 MiB - 1, so larger chunks gain nothing).
inline constexpr std::uint32_t max_chunk_size = 0xffffff;

/// Splits messages into chunks for one connection (RTMP spec 5.3), compressing
/// headers against what it sent before on the same chunk stream: type 0 when
/// the stream id changes or time goes back, type 1 when length or type changes,
/// type 2 for a new delta, type 3 for a repeated delta. Extended timestamps are
/// repeated on type 3 chunks, as Flash Player, ffmpeg and librtmp expect.
class chunk_encoder {
public:
    /// An encoder with chunk size `chunk_size` (1..max_chunk_size).
    explicit chunk_encoder(std::uint32_t chunk_size = default_chunk_size);

    /// Chunk size for messages encoded from now on; send a Set Chunk Size
    /// message (encoded before this call) so the peer follows.
    void set_chunk_size(std::uint32_t size);
    /// The current chunk size.
    std::uint32_t chunk_size() const noexcept { return chunk_size_; }

    /// Appends the chunks of `msg` on `msg.chunk_stream_id` (or, when that is
    /// 0 or 1, on default_chunk_stream(msg.type_id)) to `out`.
    void encode(const message& msg, std::vector<std::byte>& out);
    /// Forgets what was sent on `chunk_stream_id`, so its next message gets a
    /// type 0 header: call it when other bytes (e.g. pre-encoded chunks) went
    /// out on that chunk stream.
    void reset(std::uint32_t chunk_stream_id) noexcept;

private:
    struct stream_state {
        std::uint32_t csid = 0;
        std::uint32_t timestamp = 0;
        std::uint32_t delta = 0;
        bool has_delta = false;        // last header was type 1/2/3, so a delta is defined
        std::uint32_t length = 0;
        std::uint32_t stream_id = 0;
        std::uint8_t type_id = 0;
    };

    std::uint32_t chunk_size_;
    std::vector<stream_state> streams_;
};

/// Appends `msg` as a type 0 chunk with the absolute timestamp followed by type 3
/// chunks, independent of any connection's state: the encode-once form.
void append_chunks(const message& msg, std::uint32_t chunk_stream_id, std::uint32_t chunk_size,
                   std::vector<std::byte>& out);

/// `msg` encoded once as a type 0 chunk plus type 3 chunks on `chunk_stream_id`,
/// as one shared buffer that can be written as is to every connection whose
/// outbound chunk size is `chunk_size` (see server_session::send_encoded).
lal::payload encode_chunks(const message& msg, std::uint32_t chunk_stream_id, std::uint32_t chunk_size);

/// The bytes of encode_chunks(msg, chunk_stream_id, chunk_size) as pieces for
/// a gathered write: the type 0 header, then each chunk's slice of msg.body
/// (sharing its storage) after its type 3 header. The headers live in one
/// small buffer, so the message's bytes are held once whoever keeps the
/// pieces. A body shorter than `copy_below` becomes one copied piece.
lal::media::wire_form encode_chunk_pieces(const message& msg, std::uint32_t chunk_stream_id,
                                          std::uint32_t chunk_size,
                                          std::size_t copy_below = lal::media::default_copy_below);

/// encode_chunk_pieces for a message whose body comes as pieces (`body`, e.g.
/// lal::flv::to_flv_pieces' kept header and data slices; `head.body` is not
/// read): the same bytes as for the body in one payload, each chunk's bytes
/// slices of those pieces, except that a leading piece shorter than 16 bytes
/// (the container's own header) is copied next to the first chunk header.
lal::media::wire_form encode_chunk_pieces(const message& head, std::span<const lal::payload> body,
                                          std::uint32_t chunk_stream_id, std::uint32_t chunk_size,
                                          std::size_t copy_below = lal::media::default_copy_below);

/// The chunk stream id in the basic header (RTMP spec 5.3.1.1) that starts
/// `chunks`, or 0 when the bytes are too short to tell.
std::uint32_t first_chunk_stream_id(byte_span chunks) noexcept;

}  // namespace lal::rtmp
