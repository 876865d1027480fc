// SPDX-License-Identifier: MIT
#include <lal/h3/wt_session.hpp>

#include <utility>

#include <lal/h3/error.hpp>
#include <lal/h3/varint.hpp>

#include "session_parts.hpp"

namespace lal::h3 {

wt_session::wt_session(session_options options) : options_(std::move(options)) {}

void wt_session::start(std::uint64_t control_stream, std::uint64_t encoder_stream, std::uint64_t decoder_stream) {
    // RFC 9114 6.2.1: the control stream starts with its type and SETTINGS.
    std::vector<std::byte> control;
    append_varint(stream_type::control, control);
    append_settings(webtransport_server_settings(options_.limits.fields.max_section_size), control);
    write(control_stream, control, false);
    // RFC 9204 4.2: both QPACK streams are opened even though a zero-size
    // table leaves them silent.
    std::vector<std::byte> type;
    append_varint(stream_type::qpack_encoder, type);
    write(encoder_stream, type, false);
    type.clear();
    append_varint(stream_type::qpack_decoder, type);
    write(decoder_stream, type, false);
    for (const auto id : {control_stream, encoder_stream, decoder_stream}) {
        auto& s = streams_[id];
        s.k = kind::ignored;
        s.local = true;
    }
}

std::error_code wt_session::fail(std::error_code ec) {
    if (ec && !error_) error_ = ec;
    return ec;
}

std::error_code wt_session::feed(std::uint64_t stream_id, byte_span bytes, bool fin) {
    if (error_) return error_;
    auto it = streams_.find(stream_id);
    if (it == streams_.end()) {
        // Streams we open are registered first; the peer opens only its own.
        if (!is_client_initiated(stream_id)) return fail(errc::stream_creation_error);
        if (streams_.size() >= options_.limits.max_streams) return fail(errc::buffer_limit);
        stream fresh;
        fresh.frames = frame_reader(options_.limits.frames);
        it = streams_.emplace(stream_id, std::move(fresh)).first;
    }
    if (it->second.peer_finished) return {};  // nothing follows a FIN (RFC 9000 3.2)
    auto ec = on_bytes(stream_id, it->second, bytes, fin);
    if (ec) return fail(ec);
    if (fin) {
        auto& s = it->second;
        s.peer_finished = true;
        // A bidirectional WebTransport stream lives on until our FIN too
        // (a MoQT requester may FIN right after its request).
        const bool ours_open = s.k == kind::wt && is_bidirectional(stream_id) && !s.local_finished;
        if (s.k != kind::connect && s.k != kind::control && !ours_open) streams_.erase(it);
    }
    return {};
}

std::error_code wt_session::on_bytes(std::uint64_t id, stream& s, byte_span bytes, bool fin) {
    if (s.k == kind::unknown || s.k == kind::wt_pending) {
        s.head.insert(s.head.end(), bytes.begin(), bytes.end());
        bytes = {};
        const auto first = read_varint(s.head);
        if (!first) {
            if (fin) s.k = kind::done;  // ended inside its header: nothing to report
            return {};
        }
        std::size_t used = 0;
        if (s.k == kind::unknown) {
            if (is_bidirectional(id)) {
                if (first->value == frame_type::webtransport_stream) {
                    s.k = kind::wt_pending;  // draft-ietf-webtrans-http3 4.2
                    used = first->size;
                } else {
                    s.k = kind::request;  // RFC 9114 4.1: frames from the first byte
                }
            } else {
                used = first->size;
                switch (first->value) {
                case stream_type::control:
                    if (have_control_) return errc::stream_creation_error;  // RFC 9114 6.2.1
                    have_control_ = true;
                    s.k = kind::control;
                    break;
                case stream_type::push: return errc::stream_creation_error;  // RFC 9114 6.2.2
                case stream_type::webtransport: s.k = kind::wt_pending; break;
                default: s.k = kind::ignored; break;  // QPACK streams and unknown types (RFC 9114 6.2)
                }
            }
        }
        if (s.k == kind::wt_pending) {
            const auto session = read_varint(byte_span(s.head).subspan(used));
            if (!session) {
                if (fin) s.k = kind::done;
                // Keep only the unread header bytes (at most two varints).
                s.head.erase(s.head.begin(), s.head.begin() + static_cast<std::ptrdiff_t>(used));
                return {};
            }
            used += session->size;
            if (state_ != state::established || session->value != connect_stream_) {
                // Not our session (or not yet accepted): refuse the stream only.
                reset(id, stream_error::wt_buffered_stream_rejected);
                s.k = kind::done;
                return {};
            }
            s.k = kind::wt;
            events_.push_back(wt_event::stream_opened{id, is_bidirectional(id)});
        }
        std::vector<std::byte> rest(s.head.begin() + static_cast<std::ptrdiff_t>(used), s.head.end());
        s.head.clear();
        if (s.k == kind::wt) {
            if (!rest.empty() || fin) events_.push_back(wt_event::stream_data{id, std::move(rest), fin});
            return {};
        }
        if (s.k == kind::ignored) return {};
        if (auto ec = s.frames.feed(rest)) return ec;
        return on_frames(id, s, fin);
    }
    switch (s.k) {
    case kind::wt:
        if (!bytes.empty() || fin) events_.push_back(wt_event::stream_data{id, to_vector(bytes), fin});
        return {};
    case kind::request:
    case kind::connect:
    case kind::control:
        if (auto ec = s.frames.feed(bytes)) return ec;
        return on_frames(id, s, fin);
    default: return {};
    }
}

std::error_code wt_session::on_frames(std::uint64_t id, stream& s, bool fin) {
    while (auto f = s.frames.next()) {
        if (s.k == kind::control) {
            // RFC 9114 6.2.1: SETTINGS first and once; 7.2: what else may appear.
            if (!peer_settings_) {
                if (f->type != frame_type::settings) return errc::missing_settings;
                auto parsed = parse_settings(f->payload);
                if (!parsed) return parsed.error();
                peer_settings_ = std::move(*parsed);
                continue;
            }
            switch (f->type) {
            case frame_type::goaway: {
                auto gid = parse_goaway(f->payload);
                if (!gid) return gid.error();
                events_.push_back(wt_event::goaway{*gid});
                break;
            }
            case frame_type::max_push_id:
            case frame_type::cancel_push: break;  // we never push
            default: return errc::frame_unexpected;
            }
            continue;
        }
        if (s.k == kind::done) continue;  // a refused request: drain what follows
        if (f->type == frame_type::settings || f->type == frame_type::goaway || f->type == frame_type::max_push_id ||
            f->type == frame_type::cancel_push || f->type == frame_type::push_promise)
            return errc::frame_unexpected;  // RFC 9114 7.2: not on request streams
        if (!s.headers_seen) {
            if (f->type != frame_type::headers) return errc::frame_unexpected;  // RFC 9114 4.1
            s.headers_seen = true;
            if (auto ec = on_request_headers(id, s, *f)) return ec;
            continue;
        }
        if (s.k == kind::connect && f->type == frame_type::data) {
            // RFC 9297 3.2: the CONNECT stream's data is a capsule sequence.
            s.capsules.insert(s.capsules.end(), f->payload.begin(), f->payload.end());
            if (s.capsules.size() > options_.limits.frames.max_payload) return errc::buffer_limit;
            if (auto ec = on_capsules(s)) return ec;
        }
        // Trailers, and bodies of requests we refused, are dropped.
    }
    if (fin) {
        if (s.k == kind::control) return errc::closed_critical_stream;  // RFC 9114 6.2.1
        if (!s.frames.at_boundary()) return errc::bad_frame;            // RFC 9114 7.1: FIN inside a frame
        if (s.k == kind::connect && id == connect_stream_ &&
            (state_ == state::established || state_ == state::pending))
            session_ended(0, {});
    }
    return {};
}

std::error_code wt_session::on_request_headers(std::uint64_t id, stream& s, const frame& f) {
    auto fields = decode_field_section(f.payload, options_.limits.fields);
    if (!fields) return fields.error();  // RFC 9204 2.2.3: a connection error
    const std::string* method = find_field(*fields, ":method");
    if (!method || *method != "CONNECT" || !find_field(*fields, ":protocol")) {
        // A plain request: this server has no resources over HTTP/3.
        std::vector<std::byte> out;
        append_frame(frame_type::headers, encode_field_section({{":status", "404"}}), out);
        write(id, out, true);
        s.k = kind::done;
        return {};
    }
    auto request = parse_connect_request(*fields);
    if (!request) {
        reset(id, stream_error::message_error);  // RFC 9114 4.1.2: malformed, a stream error
        s.k = kind::done;
        return {};
    }
    if (state_ != state::idle) {
        // One session per connection (we announce WEBTRANSPORT_MAX_SESSIONS 1).
        std::vector<std::byte> out;
        append_frame(frame_type::headers, encode_field_section({{":status", "429"}}), out);
        write(id, out, true);
        s.k = kind::done;
        return {};
    }
    s.k = kind::connect;
    state_ = state::pending;
    connect_stream_ = id;
    connect_draft02_ = request->draft02;
    events_.push_back(wt_event::connect{id, std::move(*request)});
    return {};
}

std::error_code wt_session::on_capsules(stream& s) {
    return detail::read_capsules(s.capsules, options_.limits.frames.max_payload,
                                 [&](std::uint32_t code, std::string reason) { session_ended(code, std::move(reason)); });
}

void wt_session::session_ended(std::uint32_t code, std::string reason) {
    if (state_ == state::closed) return;
    state_ = state::closed;
    events_.push_back(wt_event::closed{code, std::move(reason)});
}

std::error_code wt_session::feed_datagram(byte_span datagram) {
    if (error_) return error_;
    auto d = parse_datagram(datagram);
    // RFC 9297 2.1: a datagram for an unknown or closed session may be dropped.
    if (!d || state_ != state::established || d->stream_id != connect_stream_) return {};
    events_.push_back(wt_event::datagram{to_vector(d->payload)});
    return {};
}

std::error_code wt_session::on_stream_reset(std::uint64_t stream_id) {
    if (error_) return error_;
    auto it = streams_.find(stream_id);
    if (it == streams_.end()) return {};
    const auto k = it->second.k;
    if (k == kind::control) return fail(errc::closed_critical_stream);
    if (k == kind::wt) events_.push_back(wt_event::stream_reset{stream_id});
    if (k == kind::connect && stream_id == connect_stream_) session_ended(0, "CONNECT stream reset");
    streams_.erase(it);
    return {};
}

std::optional<session_event> wt_session::next_event() { return detail::pop_event(events_, next_event_); }

std::error_code wt_session::accept(std::string_view protocol) {
    if (state_ != state::pending) return errc::bad_state;
    std::vector<std::byte> out;
    append_frame(frame_type::headers, encode_field_section(connect_response(200, protocol, connect_draft02_)), out);
    write(connect_stream_, out, false);
    state_ = state::established;
    return {};
}

std::error_code wt_session::reject(int status) {
    if (state_ != state::pending) return errc::bad_state;
    std::vector<std::byte> out;
    append_frame(frame_type::headers, encode_field_section(connect_response(status, {}, false)), out);
    write(connect_stream_, out, true);
    state_ = state::closed;
    streams_.erase(connect_stream_);
    return {};
}

std::error_code wt_session::open_stream(std::uint64_t stream_id) {
    if (state_ != state::established || is_client_initiated(stream_id) || streams_.count(stream_id))
        return errc::bad_state;
    auto& s = streams_[stream_id];
    s.k = kind::wt;
    s.local = true;
    std::vector<std::byte> header;
    append_stream_header(is_bidirectional(stream_id), connect_stream_, header);
    write(stream_id, header, false);
    return {};
}

std::error_code wt_session::send(std::uint64_t stream_id, byte_span bytes, bool fin) {
    auto it = streams_.find(stream_id);
    if (it == streams_.end() || it->second.k != kind::wt || state_ != state::established) return errc::bad_state;
    write(stream_id, bytes, fin);
    if (fin) {
        it->second.local_finished = true;
        // Forget the stream once both directions (or our only one) ended.
        if (!is_bidirectional(stream_id) || it->second.peer_finished) streams_.erase(it);
    }
    return {};
}

std::error_code wt_session::send_datagram(byte_span payload) {
    if (state_ != state::established) return errc::bad_state;
    std::vector<std::byte> d;
    append_datagram(connect_stream_, payload, d);
    datagrams_out_.push_back(std::move(d));
    return {};
}

std::error_code wt_session::close(std::uint32_t code, std::string_view reason) {
    if (state_ != state::established) return errc::bad_state;
    std::vector<std::byte> out;
    append_close_capsule(code, reason, out);
    write(connect_stream_, out, true);
    state_ = state::closed;
    return {};
}

void wt_session::write(std::uint64_t id, byte_span bytes, bool fin) { detail::queue_write(output_, id, bytes, fin); }

void wt_session::reset(std::uint64_t id, std::uint64_t code) {
    output_.push_back(stream_chunk{id, {}, false, code});
}

std::vector<stream_chunk> wt_session::take_output() { return std::exchange(output_, {}); }

std::vector<std::vector<std::byte>> wt_session::take_datagrams() { return std::exchange(datagrams_out_, {}); }

std::optional<std::uint64_t> wt_session::session_id() const noexcept {
    if (state_ == state::established) return connect_stream_;
    return std::nullopt;
}

}  // namespace lal::h3
