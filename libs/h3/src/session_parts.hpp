// SPDX-License-Identifier: MIT
// What the server (wt_session) and client (wt_client) sides share: the
// event queue, the merged stream writes and the CONNECT stream's capsules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/h3/error.hpp>
#include <lal/h3/varint.hpp>
#include <lal/h3/webtransport.hpp>
#include <lal/h3/wt_session.hpp>

namespace lal::h3::detail {

/// The next of `events` after `next`; empties the queue once all were taken.
template <class Event>
std::optional<Event> pop_event(std::vector<Event>& events, std::size_t& next) {
    if (next == events.size()) {
        events.clear();
        next = 0;
        return std::nullopt;
    }
    return std::move(events[next++]);
}

/// Queues bytes (and a FIN) for a stream, joined to the last chunk when that
/// is the same stream still open, so the QUIC layer gets fewer writes.
inline void queue_write(std::vector<stream_chunk>& out, std::uint64_t id, byte_span bytes, bool fin) {
    if (!out.empty() && out.back().stream_id == id && !out.back().fin && !out.back().reset) {
        auto& last = out.back();
        last.bytes.insert(last.bytes.end(), bytes.begin(), bytes.end());
        last.fin = fin;
        return;
    }
    out.push_back(stream_chunk{id, to_vector(bytes), fin, std::nullopt});
}

/// Takes the complete capsules off the front of `buffer` (RFC 9297 3.2) and
/// calls on_close(code, reason) for CLOSE_WEBTRANSPORT_SESSION
/// (draft-ietf-webtrans-http3 6); DRAIN and unknown capsules need no action.
/// A capsule longer than `max_value` is buffer_limit, a bad CLOSE bad_frame.
template <class OnClose>
std::error_code read_capsules(std::vector<std::byte>& buffer, std::size_t max_value, OnClose&& on_close) {
    byte_span in = buffer;
    std::size_t used = 0;
    for (;;) {
        const auto type = read_varint(in.subspan(used));
        if (!type) break;
        const auto length = read_varint(in.subspan(used + type->size));
        if (!length) break;
        const std::size_t header = type->size + length->size;
        if (length->value > max_value) return errc::buffer_limit;
        if (in.size() - used - header < length->value) break;
        const auto value = in.subspan(used + header, static_cast<std::size_t>(length->value));
        used += header + value.size();
        if (type->value != capsule_type::close_webtransport_session) continue;
        // A 32-bit code, then a reason of at most 1024 bytes.
        if (value.size() < 4 || value.size() > 4 + 1024) return errc::bad_frame;
        on_close(static_cast<std::uint32_t>(load_be(value.data(), 4)), std::string(as_string_view(value.subspan(4))));
    }
    buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(used));
    return {};
}

}  // namespace lal::h3::detail
