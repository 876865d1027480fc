// SPDX-License-Identifier: MIT
#include "chunk_scanner.hpp"

#include <algorithm>

#include <lal/rtmp/message.hpp>

#include "error.hpp"

namespace lalbench {
namespace {

namespace mt = lal::rtmp::message_type;

// RTMP spec 5.3.1.2: message header sizes of chunk types 0, 1, 2 and 3.
constexpr std::size_t message_header_size[4] = {11, 7, 3, 0};
// RTMP spec 5.3.1.3: a 24-bit timestamp field of all ones announces the extended timestamp.
constexpr std::uint32_t extended_marker = 0xffffff;
// Longest chunk header: 3-byte basic header, type 0 message header, extended timestamp.
constexpr std::size_t max_header_size = 3 + 11 + 4;
// RTMP spec 5.4.1: the top bit of a chunk size must be zero.
constexpr std::uint32_t chunk_size_reserved_bit = 0x80000000;

}  // namespace

chunk_scanner::chunk_scanner(scanner_limits limits)
    : limits_(limits), chunk_size_(128) {}  // RTMP spec 5.4.1: 128 until Set Chunk Size

std::error_code chunk_scanner::feed(lal::byte_span in, message_sink& sink) {
    if (error_) return error_;
    if (stash_size_ > 0) {
        // An incomplete header waits in the stash; any header completes within
        // max_header_size more bytes, so that much input is enough to pass it.
        auto old = stash_size_;
        auto take = std::min(in.size(), max_header_size);
        std::copy_n(in.begin(), take, stash_.begin() + static_cast<std::ptrdiff_t>(old));
        auto used = run(lal::byte_span(stash_.data(), old + take), sink);
        if (error_) return error_;
        if (used < old) {
            // Still incomplete, so all of `in` is in the stash now.
            std::copy(stash_.begin() + static_cast<std::ptrdiff_t>(used),
                      stash_.begin() + static_cast<std::ptrdiff_t>(old + take), stash_.begin());
            stash_size_ = old + take - used;
            return {};
        }
        stash_size_ = 0;
        in = in.subspan(used - old);
    }
    auto used = run(in, sink);
    if (error_) return error_;
    auto rest = in.subspan(used);  // shorter than a header, by how run() stops
    std::copy(rest.begin(), rest.end(), stash_.begin());
    stash_size_ = rest.size();
    return {};
}

// Reads chunks until `in` ends or a header is incomplete; returns the bytes
// used. Payload is used as it comes, headers only when whole.
std::size_t chunk_scanner::run(lal::byte_span in, message_sink& sink) {
    std::size_t pos = 0;
    while (!error_) {
        if (chunk_left_ > 0) {
            if (pos == in.size()) break;
            auto& s = streams_[current_];
            auto n = std::min<std::size_t>(chunk_left_, in.size() - pos);
            take_payload(s, in.subspan(pos, n));
            pos += n;
            chunk_left_ -= static_cast<std::uint32_t>(n);
            if (chunk_left_ == 0 && s.received == s.length) finish_message(s, sink);
            continue;
        }
        if (pos == in.size()) break;
        std::size_t used = 0;
        auto r = read_header(in.subspan(pos), used);
        if (r != header_result::done) break;
        pos += used;
        auto& s = streams_[current_];
        if (s.length == 0) finish_message(s, sink);  // RTMP allows empty messages: no payload follows
    }
    return pos;
}

// Parses one chunk header (RTMP spec 5.3.1) when `in` holds all of it, makes
// its chunk stream current and sets chunk_left_ to the payload that follows.
chunk_scanner::header_result chunk_scanner::read_header(lal::byte_span in, std::size_t& used) {
    if (in.empty()) return header_result::need_more;
    // RTMP spec 5.3.1.1: basic header of 1, 2 or 3 bytes.
    auto b0 = std::to_integer<std::uint8_t>(in[0]);
    unsigned fmt = b0 >> 6;
    std::uint32_t csid = b0 & 0x3f;
    std::size_t pos = 1;
    if (csid == 0) {
        if (in.size() < 2) return header_result::need_more;
        csid = 64 + std::to_integer<std::uint32_t>(in[1]);
        pos = 2;
    } else if (csid == 1) {
        if (in.size() < 3) return header_result::need_more;
        csid = 64 + std::to_integer<std::uint32_t>(in[1]) + 256 * std::to_integer<std::uint32_t>(in[2]);
        pos = 3;
    }

    auto* s = find(csid);
    if (!s && fmt >= 2) {
        // RTMP spec 5.3.1.2.1: a chunk stream starts with a full header (type 1 tolerated).
        error_ = errc::missing_chunk_header;
        return header_result::failed;
    }
    if (in.size() < pos + message_header_size[fmt]) return header_result::need_more;
    const std::byte* h = in.data() + pos;
    std::uint32_t field = 0;
    std::uint32_t length = s ? s->length : 0;
    std::uint8_t type_id = s ? s->type_id : 0;
    if (fmt <= 2) field = static_cast<std::uint32_t>(lal::load_be(h, 3));
    if (fmt <= 1) {
        length = static_cast<std::uint32_t>(lal::load_be(h + 3, 3));
        type_id = std::to_integer<std::uint8_t>(h[6]);
    }
    pos += message_header_size[fmt];

    bool extended = false;
    if (fmt <= 2 && field == extended_marker) {
        if (in.size() < pos + 4) return header_result::need_more;
        field = static_cast<std::uint32_t>(lal::load_be(in.data() + pos, 4));
        extended = true;
        pos += 4;
    } else if (fmt == 3 && s->extended) {
        // Some servers repeat the extended timestamp on type 3 chunks, some do
        // not: the next 4 bytes are a repeat only when they equal it.
        if (in.size() < pos + 4) return header_result::need_more;
        if (lal::load_be(in.data() + pos, 4) == s->extended_value) pos += 4;
    }

    if (!s) {
        if (streams_.size() >= limits_.max_chunk_streams) {
            error_ = errc::too_many_chunk_streams;
            return header_result::failed;
        }
        streams_.emplace_back();
        s = &streams_.back();
        s->csid = csid;
    }
    bool new_message = fmt <= 2 || !s->in_progress;
    // RTMP spec 5.3.1.2: type 0 carries the absolute timestamp, types 1 and 2 a
    // delta, and a type 3 chunk starting a message repeats the last delta.
    switch (fmt) {
    case 0:
        s->timestamp = field;
        s->delta = field;
        s->length = length;
        s->type_id = type_id;
        // RTMP spec 5.3.1.2.1: the message stream id is little-endian.
        s->stream_id = static_cast<std::uint32_t>(lal::load_le(h + 7, 4));
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
    current_ = static_cast<std::size_t>(s - streams_.data());
    if (new_message) {
        start_message(*s);
        if (error_) return header_result::failed;
    }
    chunk_left_ = std::min(chunk_size_, s->length - s->received);
    used = pos;
    return header_result::done;
}

bool chunk_scanner::keeps_whole(std::uint8_t type_id) const noexcept {
    return (type_id >= mt::set_chunk_size && type_id <= mt::set_peer_bandwidth) ||
           type_id == mt::command_amf0 || type_id == mt::command_amf3;
}

void chunk_scanner::start_message(stream_state& s) {
    // A header that starts a message while another is half received drops that one.
    s.received = 0;
    s.in_progress = true;
    s.kept.clear();
    if (keeps_whole(s.type_id)) {
        if (s.length > limits_.max_kept_message) {
            error_ = errc::message_too_large;
            return;
        }
        s.kept.reserve(s.length);
    }
}

void chunk_scanner::take_payload(stream_state& s, lal::byte_span bytes) {
    s.received += static_cast<std::uint32_t>(bytes.size());
    if (keeps_whole(s.type_id)) {
        s.kept.insert(s.kept.end(), bytes.begin(), bytes.end());
    } else if (s.type_id == mt::video && s.kept.size() < limits_.prefix_size) {
        auto n = std::min(bytes.size(), limits_.prefix_size - s.kept.size());
        s.kept.insert(s.kept.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    }
}

void chunk_scanner::finish_message(stream_state& s, message_sink& sink) {
    s.in_progress = false;
    scanned_message m;
    m.type_id = s.type_id;
    m.timestamp = s.timestamp;
    m.length = s.length;
    m.message_stream_id = s.stream_id;
    m.chunk_stream_id = s.csid;
    m.body = s.kept;

    // Set Chunk Size and Abort change how the next chunks read, so they apply now.
    if (s.type_id == mt::set_chunk_size || s.type_id == mt::abort) {
        if (s.kept.size() < 4) {
            error_ = errc::bad_chunk_size;
            return;
        }
        auto value = static_cast<std::uint32_t>(lal::load_be(s.kept.data(), 4));
        if (s.type_id == mt::set_chunk_size) {
            if (value == 0 || (value & chunk_size_reserved_bit) || value > limits_.max_chunk_size) {
                error_ = errc::bad_chunk_size;
                return;
            }
            chunk_size_ = value;
        } else if (auto* aborted = find(value); aborted && aborted != &s) {
            // RTMP spec 5.4.2: drop the partly received message of that chunk stream.
            aborted->in_progress = false;
            aborted->received = 0;
            aborted->kept.clear();
        }
    }
    sink.on_message(m);
}

chunk_scanner::stream_state* chunk_scanner::find(std::uint32_t csid) noexcept {
    if (current_ < streams_.size() && streams_[current_].csid == csid) return &streams_[current_];
    for (auto& s : streams_) {
        if (s.csid == csid) return &s;
    }
    return nullptr;
}

}  // namespace lalbench
