// SPDX-License-Identifier: MIT
#include <lal/rtmp/chunk_encoder.hpp>

#include <algorithm>
#include <cassert>

#include <lal/base/byte_reader.hpp>

namespace lal::rtmp {
namespace {

constexpr std::uint32_t extended_marker = 0xffffff;
// Leading body pieces shorter than this are copied next to the chunk headers.
constexpr std::size_t lead_copy_limit = 16;

// RTMP spec 5.3.1.1: ids 2..63 fit in one byte, 64..319 in two, up to 65599 in three.
void write_basic_header(byte_writer& w, unsigned fmt, std::uint32_t csid) {
    assert(csid >= chunk_stream::min_id && csid <= chunk_stream::max_id);
    auto top = static_cast<std::uint8_t>(fmt << 6);
    if (csid < 64) {
        w.u8(static_cast<std::uint8_t>(top | csid));
    } else if (csid < 320) {
        w.u8(top);
        w.u8(static_cast<std::uint8_t>(csid - 64));
    } else {
        w.u8(static_cast<std::uint8_t>(top | 1));
        w.le(csid - 64, 2);
    }
}

// Writes a type `fmt` chunk header whose timestamp field holds `time`
// (absolute for type 0, a delta otherwise), then the extended timestamp.
// `length` is the body's (msg.body's unless the body comes as pieces).
void write_header(byte_writer& w, unsigned fmt, std::uint32_t csid, std::uint32_t time, const message& msg,
                  std::size_t length) {
    write_basic_header(w, fmt, csid);
    bool extended = time >= extended_marker;
    if (fmt <= 2) w.u24(extended ? extended_marker : time);
    if (fmt <= 1) {
        w.u24(static_cast<std::uint32_t>(length));
        w.u8(msg.type_id);
    }
    // RTMP spec 5.3.1.2.1: the message stream id is little-endian.
    if (fmt == 0) w.le(msg.message_stream_id, 4);
    if (extended) w.u32(time);
}

// The payload of `msg` cut into chunks after the first header; `time` is the
// timestamp field of that header, repeated as extended timestamp on type 3 chunks.
void write_body(byte_writer& w, const message& msg, std::uint32_t csid, std::uint32_t time,
                std::uint32_t chunk_size) {
    auto body = msg.body.bytes();
    std::size_t at = 0;
    for (;;) {
        auto n = std::min<std::size_t>(chunk_size, body.size() - at);
        w.bytes(body.subspan(at, n));
        at += n;
        if (at == body.size()) break;
        write_basic_header(w, 3, csid);
        if (time >= extended_marker) w.u32(time);
    }
}

std::uint32_t pick_csid(const message& msg) {
    return msg.chunk_stream_id >= chunk_stream::min_id ? msg.chunk_stream_id : default_chunk_stream(msg.type_id);
}

}  // namespace

chunk_encoder::chunk_encoder(std::uint32_t chunk_size) : chunk_size_(chunk_size) {
    assert(chunk_size >= 1 && chunk_size <= max_chunk_size);
}

void chunk_encoder::set_chunk_size(std::uint32_t size) {
    assert(size >= 1 && size <= max_chunk_size);
    chunk_size_ = size;
}

void chunk_encoder::encode(const message& msg, std::vector<std::byte>& out) {
    assert(msg.body.size() <= 0xffffff);
    auto csid = pick_csid(msg);
    auto it = std::find_if(streams_.begin(), streams_.end(), [&](const auto& s) { return s.csid == csid; });
    bool fresh = it == streams_.end();
    if (fresh) {
        streams_.push_back({});
        it = streams_.end() - 1;
        it->csid = csid;
    }
    auto& s = *it;
    auto length = static_cast<std::uint32_t>(msg.body.size());

    unsigned fmt;
    std::uint32_t time;
    if (fresh || s.stream_id != msg.message_stream_id || msg.timestamp < s.timestamp) {
        fmt = 0;
        time = msg.timestamp;
    } else {
        time = msg.timestamp - s.timestamp;
        if (length != s.length || msg.type_id != s.type_id) fmt = 1;
        // A type 3 header after a type 0 one is read differently by different
        // peers, so type 3 only repeats a delta that a type 1/2 header sent.
        else if (s.has_delta && time == s.delta) fmt = 3;
        else fmt = 2;
    }

    byte_writer w(out);
    write_header(w, fmt, csid, time, msg, msg.body.size());
    write_body(w, msg, csid, time, chunk_size_);

    s.timestamp = msg.timestamp;
    s.delta = time;
    s.has_delta = fmt != 0;
    s.length = length;
    s.stream_id = msg.message_stream_id;
    s.type_id = msg.type_id;
}

void chunk_encoder::reset(std::uint32_t chunk_stream_id) noexcept {
    std::erase_if(streams_, [&](const auto& s) { return s.csid == chunk_stream_id; });
}

void append_chunks(const message& msg, std::uint32_t chunk_stream_id, std::uint32_t chunk_size,
                   std::vector<std::byte>& out) {
    assert(chunk_size >= 1 && msg.body.size() <= 0xffffff);
    auto header_bytes = 18 + (msg.body.size() / chunk_size) * 7;
    out.reserve(out.size() + msg.body.size() + header_bytes);
    byte_writer w(out);
    write_header(w, 0, chunk_stream_id, msg.timestamp, msg, msg.body.size());
    write_body(w, msg, chunk_stream_id, msg.timestamp, chunk_size);
}

lal::payload encode_chunks(const message& msg, std::uint32_t chunk_stream_id, std::uint32_t chunk_size) {
    std::vector<std::byte> out;
    append_chunks(msg, chunk_stream_id, chunk_size, out);
    return lal::payload::adopt(std::move(out));
}

lal::media::wire_form encode_chunk_pieces(const message& msg, std::uint32_t chunk_stream_id,
                                          std::uint32_t chunk_size, std::size_t copy_below) {
    assert(chunk_size >= 1 && msg.body.size() <= 0xffffff);
    lal::media::wire_form out;
    if (msg.body.size() < copy_below) {
        out.add(encode_chunks(msg, chunk_stream_id, chunk_size));
        return out;
    }
    // Every type 3 header of a message is the same bytes (RTMP spec 5.3.1.1,
    // plus the repeated extended timestamp): one copy serves them all.
    std::vector<std::byte> headers;
    byte_writer w(headers);
    write_header(w, 0, chunk_stream_id, msg.timestamp, msg, msg.body.size());
    const auto first_size = headers.size();
    write_basic_header(w, 3, chunk_stream_id);
    if (msg.timestamp >= extended_marker) w.u32(msg.timestamp);
    const auto continuation_size = headers.size() - first_size;
    const auto shared = lal::payload::adopt(std::move(headers));

    const std::size_t size = msg.body.size();
    const std::size_t chunks = (size + chunk_size - 1) / chunk_size;
    out.reserve(2 * chunks);
    out.add(shared.slice(0, first_size));
    const auto continuation = shared.slice(first_size, continuation_size);
    for (std::size_t at = 0; at < size; at += chunk_size) {
        if (at != 0) out.add(continuation);
        out.add(msg.body.slice(at, std::min<std::size_t>(chunk_size, size - at)));
    }
    return out;
}

lal::media::wire_form encode_chunk_pieces(const message& head, std::span<const lal::payload> pieces,
                                          std::uint32_t chunk_stream_id, std::uint32_t chunk_size,
                                          std::size_t copy_below) {
    std::size_t size = 0;
    for (const auto& p : pieces) size += p.size();
    assert(chunk_size >= 1 && size <= 0xffffff);
    if (pieces.size() <= 1 || size < copy_below) {
        message msg = head;
        if (pieces.size() == 1) {
            msg.body = pieces[0];
        } else {
            std::vector<std::byte> flat;
            flat.reserve(size);
            for (const auto& p : pieces) flat.insert(flat.end(), p.bytes().begin(), p.bytes().end());
            msg.body = lal::payload::adopt(std::move(flat));
        }
        return encode_chunk_pieces(msg, chunk_stream_id, chunk_size, copy_below);
    }
    // A short leading piece (a container's own header: FLV's take 1 to 8
    // bytes) joins the chunk headers' buffer, so the piece count stays what
    // one body gives and no extra slice is kept per chunk.
    const auto& first = pieces[0];
    const std::size_t lead = first.size() < lead_copy_limit && first.size() < chunk_size ? first.size() : 0;
    // The same headers as for one body (RTMP spec 5.3.1.1), shared by every chunk.
    std::vector<std::byte> headers;
    byte_writer w(headers);
    write_header(w, 0, chunk_stream_id, head.timestamp, head, size);
    if (lead != 0) w.bytes(first.bytes());
    const auto first_size = headers.size();
    write_basic_header(w, 3, chunk_stream_id);
    if (head.timestamp >= extended_marker) w.u32(head.timestamp);
    const auto continuation_size = headers.size() - first_size;
    const auto shared = lal::payload::adopt(std::move(headers));

    lal::media::wire_form out;
    // A header and a slice per chunk, plus a slice per boundary between the
    // pieces left after the lead: no more, as frames held by the cache keep it.
    out.reserve(2 * ((size + chunk_size - 1) / chunk_size) + pieces.size() - (lead != 0 ? 2 : 1));
    out.add(shared.slice(0, first_size));
    const auto continuation = shared.slice(first_size, continuation_size);
    // A chunk may straddle two pieces: it takes a slice of each.
    std::size_t piece = lead != 0 ? 1 : 0;
    std::size_t offset = 0;
    for (std::size_t at = lead; at < size;) {
        if (at % chunk_size == 0 && at != 0) out.add(continuation);
        std::size_t left = std::min<std::size_t>(chunk_size - at % chunk_size, size - at);
        at += left;
        while (left > 0) {
            const auto& p = pieces[piece];
            const auto n = std::min(left, p.size() - offset);
            out.add(p.slice(offset, n));
            offset += n;
            left -= n;
            if (offset == p.size()) {
                ++piece;
                offset = 0;
            }
        }
    }
    return out;
}

std::uint32_t first_chunk_stream_id(byte_span chunks) noexcept {
    if (chunks.empty()) return 0;
    auto id = std::to_integer<std::uint32_t>(chunks[0]) & 0x3f;
    if (id == 0) return chunks.size() >= 2 ? 64 + std::to_integer<std::uint32_t>(chunks[1]) : 0;
    if (id == 1) {
        if (chunks.size() < 3) return 0;
        return 64 + std::to_integer<std::uint32_t>(chunks[1]) + 256 * std::to_integer<std::uint32_t>(chunks[2]);
    }
    return id;
}

}  // namespace lal::rtmp
