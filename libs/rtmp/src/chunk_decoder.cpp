// SPDX-License-Identifier: MIT
#include <lal/rtmp/chunk_decoder.hpp>

#include <algorithm>
#include <utility>

#include <lal/base/byte_reader.hpp>
#include <lal/rtmp/error.hpp>

namespace lal::rtmp {
namespace {

// RTMP spec 5.3.1.2: message header sizes of chunk types 0, 1, 2 and 3.
constexpr std::size_t message_header_size[4] = {11, 7, 3, 0};
// RTMP spec 5.3.1.3: the 24-bit field value that announces an extended timestamp.
constexpr std::uint32_t extended_marker = 0xffffff;
// Longest chunk header: 3-byte basic header, type 0 message header, extended timestamp.
constexpr std::size_t max_header_size = 3 + 11 + 4;
// Bodies grow as bytes arrive, starting from at most this much, so a peer that
// announces large messages without sending them cannot make us allocate.
constexpr std::size_t initial_body_reserve = 64 * 1024;
// RTMP spec 5.4.1: chunk sizes are 31 bits; the top bit must be zero.
constexpr std::uint32_t chunk_size_reserved_bit = 0x80000000;

}  // namespace

chunk_decoder::chunk_decoder(decoder_limits limits) : limits_(limits) {}

std::error_code chunk_decoder::feed(byte_span in) { return feed(in, nullptr); }

std::error_code chunk_decoder::feed(const lal::payload& in) { return feed(in.bytes(), &in); }

// `source`, when set, holds exactly the bytes of `in`: a message lying whole
// in one chunk of it becomes a slice of it.
std::error_code chunk_decoder::feed(byte_span in, const lal::payload* source) {
    if (error_) return error_;
    bytes_received_ += in.size();
    std::size_t offset = 0;  // of `in` in `source`
    if (!stash_.empty()) {
        // An incomplete header waits in stash_. Any header completes within
        // max_header_size bytes, so that much more input is enough to get past it.
        auto old = stash_.size();
        auto take = std::min(in.size(), max_header_size);
        stash_.insert(stash_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(take));
        auto used = run(stash_, nullptr, 0);
        if (error_) return error_;
        if (used < old) {
            // Still incomplete, which means `in` was short and is all in stash_ now.
            stash_.erase(stash_.begin(), stash_.begin() + static_cast<std::ptrdiff_t>(used));
            return {};
        }
        stash_.clear();
        offset = used - old;
        in = in.subspan(offset);
    }
    auto used = run(in, source, offset);
    if (error_) return error_;
    stash_.assign(in.begin() + static_cast<std::ptrdiff_t>(used), in.end());
    return {};
}

std::optional<message> chunk_decoder::next() {
    if (ready_.empty()) return std::nullopt;
    auto m = std::move(ready_.front());
    ready_.pop_front();
    return m;
}

std::error_code chunk_decoder::set_peer_chunk_size(std::uint32_t size) {
    if (size == 0 || (size & chunk_size_reserved_bit)) {
        fail(errc::bad_chunk_size);
    } else if (size > limits_.max_chunk_size) {
        fail(errc::chunk_size_too_large);
    } else {
        chunk_size_ = size;
        return {};
    }
    return error_;
}

// Reads chunks from `in` until it ends or a header is incomplete; returns the
// bytes used. Payload bytes are used as they come, headers only when whole.
// `in` starts at `source_offset` of `source` when that is set.
std::size_t chunk_decoder::run(byte_span in, const lal::payload* source, std::size_t source_offset) {
    std::size_t pos = 0;
    while (!error_) {
        if (in_payload_) {
            auto& s = streams_[current_];
            auto n = std::min<std::size_t>(chunk_left_, in.size() - pos);
            if (source && n == s.length && s.body.empty()) {
                // The whole message is this chunk, and it is all here: share it.
                pos += n;
                chunk_left_ = 0;
                in_payload_ = false;
                finish_message(s, source->slice(source_offset + pos - n, n));
                continue;
            }
            if (s.body.size() + n > s.body.capacity()) {
                // The first chunk reserves up to initial_body_reserve; later ones double it.
                auto grown = std::max({s.body.size() + n, 2 * s.body.capacity(), initial_body_reserve});
                s.body.reserve(std::min<std::size_t>(s.length, grown));
            }
            s.body.insert(s.body.end(), in.begin() + static_cast<std::ptrdiff_t>(pos),
                          in.begin() + static_cast<std::ptrdiff_t>(pos + n));
            pos += n;
            chunk_left_ -= static_cast<std::uint32_t>(n);
            if (chunk_left_ > 0) break;
            in_payload_ = false;
            if (s.body.size() == s.length) finish_message(s, lal::payload::adopt(std::exchange(s.body, {})));
            continue;
        }
        if (pos == in.size()) break;
        auto used = read_header(in.subspan(pos));
        if (!used) break;
        pos += *used;
    }
    return pos;
}

// Parses one chunk header (RTMP spec 5.3.1) if `in` holds all of it, and makes
// its chunk stream current. Returns nullopt when more bytes are needed or on error.
std::optional<std::size_t> chunk_decoder::read_header(byte_span in) {
    // RTMP spec 5.3.1.1: basic header of 1, 2 or 3 bytes.
    auto b0 = std::to_integer<std::uint8_t>(in[0]);
    unsigned fmt = b0 >> 6;
    std::uint32_t csid = b0 & 0x3f;
    std::size_t pos = 1;
    if (csid == 0) {
        if (in.size() < 2) return std::nullopt;
        csid = 64 + std::to_integer<std::uint32_t>(in[1]);
        pos = 2;
    } else if (csid == 1) {
        if (in.size() < 3) return std::nullopt;
        csid = 64 + std::to_integer<std::uint32_t>(in[1]) + 256 * std::to_integer<std::uint32_t>(in[2]);
        pos = 3;
    }

    auto* s = find(csid);
    if (!s) {
        // RTMP spec 5.3.1.2.1: a chunk stream starts with a type 0 header; we
        // also take type 1 (it has all but the stream id), never 2 or 3.
        if (fmt >= 2) {
            fail(errc::missing_chunk_header);
            return std::nullopt;
        }
        if (streams_.size() >= limits_.max_chunk_streams) {
            fail(errc::too_many_chunk_streams);
            return std::nullopt;
        }
    }

    if (in.size() < pos + message_header_size[fmt]) return std::nullopt;
    byte_reader r(in.subspan(pos, message_header_size[fmt]));
    std::uint32_t field = 0;
    std::uint32_t length = s ? s->length : 0;
    std::uint8_t type_id = s ? s->type_id : 0;
    std::uint32_t stream_id = s ? s->stream_id : 0;
    if (fmt <= 2) field = *r.u24();
    if (fmt <= 1) {
        length = *r.u24();
        type_id = *r.u8();
    }
    // RTMP spec 5.3.1.2.1: the message stream id is little-endian.
    if (fmt == 0) stream_id = static_cast<std::uint32_t>(*r.read_le(4));
    pos += message_header_size[fmt];

    bool extended = false;
    if (fmt <= 2 && field == extended_marker) {
        if (in.size() < pos + 4) return std::nullopt;
        field = static_cast<std::uint32_t>(load_be(in.data() + pos, 4));
        extended = true;
        pos += 4;
    } else if (fmt == 3 && s->extended) {
        // Some peers repeat the extended timestamp on type 3 chunks and some
        // do not: take the 4 bytes as a repeat only when they equal it.
        if (in.size() < pos + 4) return std::nullopt;
        if (load_be(in.data() + pos, 4) == s->extended_value) pos += 4;
    }

    bool new_message = fmt <= 2 || !s->in_progress;
    if (new_message && length > limits_.max_message_size) {
        fail(errc::message_too_large);
        return std::nullopt;
    }

    if (!s) {
        streams_.push_back({});
        s = &streams_.back();
        s->csid = csid;
    }
    current_ = static_cast<std::size_t>(s - streams_.data());
    // RTMP spec 5.3.1.2: type 0 carries the absolute timestamp, types 1 and 2 a
    // delta, and a type 3 chunk starting a message repeats the last delta.
    switch (fmt) {
    case 0:
        s->timestamp = field;
        s->delta = field;
        s->length = length;
        s->type_id = type_id;
        s->stream_id = stream_id;
        break;
    case 1:
        s->delta = field;
        s->timestamp += field;
        s->length = length;
        s->type_id = type_id;
        break;
    case 2:
        s->delta = field;
        s->timestamp += field;
        break;
    default:
        if (!s->in_progress) s->timestamp += s->delta;
        break;
    }
    if (fmt <= 2) {
        s->extended = extended;
        s->extended_value = extended ? field : 0;
    }
    if (new_message) start_message(*s);
    chunk_left_ = std::min(chunk_size_, s->length - static_cast<std::uint32_t>(s->body.size()));
    in_payload_ = true;
    return pos;
}

void chunk_decoder::start_message(stream_state& s) {
    // A header that starts a message while another is half received drops it.
    // The body is reserved with its first copied bytes: a message handed out
    // as a slice of the input needs none.
    s.body.clear();
    s.in_progress = true;
}

void chunk_decoder::finish_message(stream_state& s, lal::payload body) {
    message m;
    m.type_id = s.type_id;
    m.timestamp = s.timestamp;
    m.message_stream_id = s.stream_id;
    m.chunk_stream_id = s.csid;
    m.body = std::move(body);
    s.in_progress = false;

    // Set Chunk Size and Abort change how the next chunks read, so they take
    // effect here rather than when the caller gets to them.
    if (m.type_id == message_type::set_chunk_size || m.type_id == message_type::abort) {
        if (m.body.size() < 4) {
            fail(errc::bad_control_message);
            return;
        }
        auto value = static_cast<std::uint32_t>(load_be(m.body.data(), 4));
        if (m.type_id == message_type::set_chunk_size) {
            if (set_peer_chunk_size(value)) return;
        } else if (auto* aborted = find(value)) {
            // RTMP spec 5.4.2: discard the partly received message of that chunk stream.
            aborted->body = {};
            aborted->in_progress = false;
        }
    }
    ready_.push_back(std::move(m));
}

chunk_decoder::stream_state* chunk_decoder::find(std::uint32_t csid) noexcept {
    if (current_ < streams_.size() && streams_[current_].csid == csid) return &streams_[current_];
    for (auto& s : streams_) {
        if (s.csid == csid) return &s;
    }
    return nullptr;
}

}  // namespace lal::rtmp
