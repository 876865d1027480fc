// SPDX-License-Identifier: MIT
#include <lal/h3/wt_client.hpp>

#include <charconv>
#include <utility>

#include <lal/h3/error.hpp>
#include <lal/h3/varint.hpp>

#include "session_parts.hpp"

namespace lal::h3 {

namespace {

// An sf-list of sf-strings (RFC 8941 3.1, 3.3.3) for wt-available-protocols.
std::string string_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ", ";
        out += '"';
        for (char c : item) {
            if (c == '\\' || c == '"') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out;
}

// RFC 9114 4.3.2: :status is a three-digit code.
std::optional<int> parse_status(const std::string& v) {
    int status = 0;
    if (v.size() != 3) return std::nullopt;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), status);
    if (ec != std::errc() || end != v.data() + v.size() || status < 100) return std::nullopt;
    return status;
}

}  // namespace

settings webtransport_client_settings(std::uint64_t max_field_section_size) {
    settings s;
    s.entries = {
        {setting::qpack_max_table_capacity, 0},  // RFC 9204 3.2.3: no dynamic table, no encoder stream traffic
        {setting::qpack_blocked_streams, 0},
        {setting::max_field_section_size, max_field_section_size},
        {setting::h3_datagram, 1},                // RFC 9297 2.1.1
        {setting::enable_webtransport, 1},
        {setting::webtransport_max_sessions, 1},
        {setting::wt_enabled, 1},
    };
    return s;
}

wt_client::wt_client(client_options options) : options_(std::move(options)) {}

void wt_client::start(std::uint64_t control_stream, std::uint64_t encoder_stream, std::uint64_t decoder_stream,
                      std::uint64_t connect_stream) {
    // RFC 9114 6.2.1: the control stream opens with its type and SETTINGS;
    // RFC 9204 4.2: both QPACK streams exist even when a zero-size table keeps them silent.
    std::vector<std::byte> out;
    append_varint(stream_type::control, out);
    append_settings(webtransport_client_settings(options_.limits.fields.max_section_size), out);
    write(control_stream, out, false);
    out.clear();
    append_varint(stream_type::qpack_encoder, out);
    write(encoder_stream, out, false);
    out.clear();
    append_varint(stream_type::qpack_decoder, out);
    write(decoder_stream, out, false);
    auto& c = streams_[connect_stream];
    c.k = kind::connect;
    c.frames = frame_reader(options_.limits.frames);
    connect_stream_ = connect_stream;
    started_ = true;
    // draft-ietf-webtrans-http3 3.1: no CONNECT before the server's SETTINGS say it may.
    if (peer_settings_) send_connect();
}

void wt_client::send_connect() {
    if (state_ != state::idle || !started_) return;
    field_list fields{{":method", "CONNECT"},
                      {":protocol", "webtransport"},
                      {":scheme", "https"},
                      {":authority", options_.authority},
                      {":path", options_.path}};
    if (!options_.protocols.empty()) fields.push_back({"wt-available-protocols", string_list(options_.protocols)});
    std::vector<std::byte> out;
    append_frame(frame_type::headers, encode_field_section(fields), out);
    write(connect_stream_, out, false);
    state_ = state::requested;
}

std::error_code wt_client::fail(std::error_code ec) {
    if (ec && !error_) error_ = ec;
    return ec;
}

std::error_code wt_client::feed(std::uint64_t stream_id, byte_span bytes, bool fin) {
    if (error_) return error_;
    auto it = streams_.find(stream_id);
    if (it == streams_.end()) {
        // Streams of ours are registered when opened; anything else is the server's.
        if (is_client_initiated(stream_id)) return fail(errc::bad_state);
        if (streams_.size() >= options_.limits.max_streams) return fail(errc::buffer_limit);
        stream fresh;
        it = streams_.emplace(stream_id, std::move(fresh)).first;
    }
    auto& s = it->second;
    if (auto ec = on_bytes(stream_id, s, bytes, fin)) return fail(ec);
    if (!fin) return {};
    // Forget a stream once nothing more comes from either side.
    const bool ours_open = s.k == kind::wt && is_bidirectional(stream_id) && !s.local_finished;
    if (s.k == kind::ignored || (s.k == kind::wt && !ours_open) || s.k == kind::unknown) streams_.erase(it);
    return {};
}

std::error_code wt_client::on_bytes(std::uint64_t id, stream& s, byte_span bytes, bool fin) {
    switch (s.k) {
    case kind::unknown: {
        s.head.insert(s.head.end(), bytes.begin(), bytes.end());
        return on_header(id, s, fin);
    }
    case kind::control: {
        // Frames read before a bad one are handled first, so the error is the
        // first fault in stream order, however the bytes were cut.
        const auto read = s.frames.feed(bytes);
        if (auto ec = on_control_frames(s)) return ec;
        if (read) return read;
        if (fin) return errc::closed_critical_stream;  // RFC 9114 6.2.1
        return {};
    }
    case kind::connect: {
        const auto read = s.frames.feed(bytes);  // as above: earlier frames first
        if (auto ec = on_connect_frames(s)) return ec;
        if (read) return read;
        if (fin) {
            if (!s.frames.at_boundary()) return errc::bad_frame;  // RFC 9114 7.1
            if (state_ == state::requested) return errc::bad_request;  // ended without an answer
            ended(0, {});
        }
        return {};
    }
    case kind::early:
        // draft-ietf-webtrans-http3 4.6: held until the session is established, within a bound.
        if (s.head.size() + bytes.size() > options_.max_early_bytes) {
            output_.push_back(stream_chunk{id, {}, false, stream_error::wt_buffered_stream_rejected});
            s.head.clear();
            s.k = kind::ignored;
            return {};
        }
        s.head.insert(s.head.end(), bytes.begin(), bytes.end());
        s.early_fin = s.early_fin || fin;
        return {};
    case kind::wt:
        if (!bytes.empty() || fin) events_.push_back(wt_event::stream_data{id, to_vector(bytes), fin});
        return {};
    case kind::ignored: return {};
    }
    return {};
}

std::error_code wt_client::on_header(std::uint64_t id, stream& s, bool fin) {
    const auto type = read_varint(s.head);
    if (!type) {
        if (fin) s.k = kind::ignored;  // ended inside its type: nothing to report
        return {};
    }
    std::size_t used = type->size;
    bool webtransport = false;
    if (is_bidirectional(id)) {
        // RFC 9114 6.1: a server-initiated bidirectional stream exists only
        // through an extension: here WebTransport's 0x41 signal (draft-ietf-webtrans-http3 4.2).
        if (type->value != frame_type::webtransport_stream) return errc::stream_creation_error;
        webtransport = true;
    } else {
        switch (type->value) {
        case stream_type::control:
            if (have_control_) return errc::stream_creation_error;  // RFC 9114 6.2.1
            have_control_ = true;
            s.k = kind::control;
            s.frames = frame_reader(options_.limits.frames);
            break;
        case stream_type::push: return errc::stream_creation_error;  // we never allowed a push (RFC 9114 4.6)
        case stream_type::webtransport: webtransport = true; break;
        default: s.k = kind::ignored; break;  // QPACK streams and unknown types (RFC 9114 6.2)
        }
    }
    if (webtransport) {
        const auto session = read_varint(byte_span(s.head).subspan(used));
        if (!session) {
            if (fin) s.k = kind::ignored;
            return {};
        }
        used += session->size;
        const bool ours = started_ && session->value == connect_stream_;
        if (!ours || state_ == state::closed) {
            // Not our session, or it is over: refuse this stream only.
            output_.push_back(stream_chunk{id, {}, false,
                                           ours ? stream_error::wt_session_gone : stream_error::wt_buffered_stream_rejected});
            s.k = kind::ignored;
            s.head.clear();
            return {};
        }
        s.k = state_ == state::established ? kind::wt : kind::early;
        if (s.k == kind::wt) events_.push_back(wt_event::stream_opened{id, is_bidirectional(id)});
    }
    std::vector<std::byte> rest(s.head.begin() + static_cast<std::ptrdiff_t>(used), s.head.end());
    s.head.clear();
    if (s.k == kind::unknown) return {};
    return on_bytes(id, s, rest, fin);
}

std::error_code wt_client::on_control_frames(stream& s) {
    while (auto f = s.frames.next()) {
        if (!peer_settings_) {
            if (f->type != frame_type::settings) return errc::missing_settings;  // RFC 9114 6.2.1
            auto parsed = parse_settings(f->payload);
            if (!parsed) return parsed.error();
            // RFC 9220 3, RFC 9297 2.1.1, draft-ietf-webtrans-http3 3.1: all three are needed.
            if (!parsed->allows_webtransport()) return errc::no_webtransport;
            peer_settings_ = std::move(*parsed);
            send_connect();
            continue;
        }
        switch (f->type) {
        case frame_type::goaway: {
            auto id = parse_goaway(f->payload);
            if (!id) return id.error();
            events_.push_back(wt_event::goaway{*id});
            break;
        }
        case frame_type::cancel_push: break;  // no pushes were allowed
        default: return errc::frame_unexpected;  // RFC 9114 7.2: SETTINGS twice, MAX_PUSH_ID from a server, ...
        }
    }
    return {};
}

std::error_code wt_client::on_connect_frames(stream& s) {
    while (auto f = s.frames.next()) {
        if (f->type != frame_type::headers && f->type != frame_type::data) return errc::frame_unexpected;
        if (state_ == state::requested) {
            if (f->type != frame_type::headers) return errc::frame_unexpected;  // RFC 9114 4.1
            if (auto ec = on_response(*f)) return ec;
            continue;
        }
        if (state_ == state::established && f->type == frame_type::data) {
            // RFC 9297 3.2: the CONNECT stream's body is a capsule sequence.
            capsules_.insert(capsules_.end(), f->payload.begin(), f->payload.end());
            if (capsules_.size() > options_.limits.frames.max_payload) return errc::buffer_limit;
            auto ec = detail::read_capsules(capsules_, options_.limits.frames.max_payload,
                                            [&](std::uint32_t code, std::string reason) { ended(code, std::move(reason)); });
            if (ec) return ec;
        }
        // Trailers, and anything after the session ended, are dropped.
    }
    return {};
}

std::error_code wt_client::on_response(const frame& f) {
    auto fields = decode_field_section(f.payload, options_.limits.fields);
    if (!fields) return fields.error();
    const std::string* status_text = find_field(*fields, ":status");
    const auto status = status_text ? parse_status(*status_text) : std::nullopt;
    if (!status) return errc::bad_request;  // RFC 9114 4.3.2: a response carries :status
    if (*status < 200) return {};           // RFC 9114 4.1: interim responses come before the final one
    wt_event::answered a{*status, {}};
    if (const auto* p = find_field(*fields, "wt-protocol")) {
        // draft-ietf-webtrans-http3 3.3: an sf-string.
        auto list = parse_string_list(*p);
        if (!list || list->size() != 1) return errc::bad_request;
        a.protocol = std::move(list->front());
    }
    const bool ok = *status >= 200 && *status < 300;
    state_ = ok ? state::established : state::closed;
    events_.push_back(std::move(a));
    release_early();
    return {};
}

void wt_client::release_early() {
    for (auto it = streams_.begin(); it != streams_.end();) {
        auto& s = it->second;
        if (s.k != kind::early) {
            ++it;
            continue;
        }
        if (state_ != state::established) {
            output_.push_back(stream_chunk{it->first, {}, false, stream_error::wt_session_gone});
            it = streams_.erase(it);
            continue;
        }
        s.k = kind::wt;
        events_.push_back(wt_event::stream_opened{it->first, is_bidirectional(it->first)});
        if (!s.head.empty() || s.early_fin)
            events_.push_back(wt_event::stream_data{it->first, std::exchange(s.head, {}), s.early_fin});
        if (s.early_fin && !is_bidirectional(it->first)) it = streams_.erase(it);
        else ++it;
    }
}

void wt_client::ended(std::uint32_t code, std::string reason) {
    if (state_ == state::closed) return;
    state_ = state::closed;
    events_.push_back(wt_event::closed{code, std::move(reason)});
}

std::error_code wt_client::feed_datagram(byte_span datagram) {
    if (error_) return error_;
    // RFC 9297 2.1: datagrams of no open session of ours are dropped.
    if (auto d = parse_datagram(datagram); d && session_id() == d->stream_id)
        events_.push_back(wt_event::datagram{to_vector(d->payload)});
    return {};
}

std::error_code wt_client::on_stream_reset(std::uint64_t stream_id) {
    if (error_) return error_;
    auto it = streams_.find(stream_id);
    if (it == streams_.end()) return {};
    const auto k = it->second.k;
    if (k == kind::control) return fail(errc::closed_critical_stream);  // RFC 9114 6.2.1
    if (k == kind::connect) {
        ended(0, "CONNECT stream reset");
        return {};
    }
    if (k == kind::wt) events_.push_back(wt_event::stream_reset{stream_id});
    streams_.erase(it);
    return {};
}

std::optional<client_event> wt_client::next_event() { return detail::pop_event(events_, next_event_); }

std::error_code wt_client::open_stream(std::uint64_t stream_id) {
    if (state_ != state::established || !is_client_initiated(stream_id) || streams_.count(stream_id))
        return errc::bad_state;
    streams_[stream_id].k = kind::wt;
    std::vector<std::byte> header;
    append_stream_header(is_bidirectional(stream_id), connect_stream_, header);
    write(stream_id, header, false);
    return {};
}

std::error_code wt_client::send(std::uint64_t stream_id, byte_span bytes, bool fin) {
    auto it = streams_.find(stream_id);
    if (it == streams_.end() || it->second.k != kind::wt || !is_client_initiated(stream_id) ||
        state_ != state::established)
        return errc::bad_state;
    write(stream_id, bytes, fin);
    if (fin) {
        it->second.local_finished = true;
        if (!is_bidirectional(stream_id)) streams_.erase(it);
    }
    return {};
}

std::error_code wt_client::send_datagram(byte_span payload) {
    const auto session = session_id();
    if (!session) return errc::bad_state;
    append_datagram(*session, payload, datagrams_out_.emplace_back());
    return {};
}

std::error_code wt_client::close(std::uint32_t code, std::string_view reason) {
    const auto session = session_id();
    if (!session) return errc::bad_state;
    std::vector<std::byte> capsule;
    append_close_capsule(code, reason, capsule);
    state_ = state::closed;  // the FIN ends the CONNECT stream (draft-ietf-webtrans-http3 6)
    write(*session, capsule, true);
    return {};
}

void wt_client::write(std::uint64_t id, byte_span bytes, bool fin) { detail::queue_write(output_, id, bytes, fin); }

std::vector<stream_chunk> wt_client::take_output() { return std::exchange(output_, {}); }

std::vector<std::vector<std::byte>> wt_client::take_datagrams() { return std::exchange(datagrams_out_, {}); }

std::optional<std::uint64_t> wt_client::session_id() const noexcept {
    if (state_ == state::established) return connect_stream_;
    return std::nullopt;
}

}  // namespace lal::h3
