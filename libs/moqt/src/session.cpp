// SPDX-License-Identifier: MIT
#include <lal/moqt/session.hpp>

#include <utility>

#include <lal/moqt/varint.hpp>

namespace lal::moqt {

namespace d20 = draft20;

namespace {

// Request IDs remembered for the duplicate check (10.1); older ones are
// treated as used, which a well-behaved client never notices since its ids grow.
constexpr std::size_t remembered_request_ids = 1024;

// 3.4: SUBGROUP_HEADER types are 0b0XX1XXXX.
bool is_subgroup_type(std::uint64_t t) noexcept { return t < 128 && (t & 0x10); }

std::string param_string(const d20::parameters& ps, std::uint64_t type) {
    const auto* p = d20::find_param(ps, type);
    return p ? std::string(as_string_view(p->bytes)) : std::string();
}

}  // namespace

session::session(session_options options) : options_(std::move(options)) {}

void session::start() {
    d20::setup s;
    const auto impl = as_byte_span(options_.implementation);
    s.options.push_back({d20::setup_option::moqt_implementation, 0, to_vector(impl)});
    write_message(0, true, s, false);
}

std::error_code session::fail(std::error_code ec) {
    if (ec && !error_) error_ = ec;
    return ec;
}

std::error_code session::feed_uni(std::uint64_t stream_id, byte_span bytes, bool fin) {
    if (error_) return error_;
    auto it = uni_.find(stream_id);
    if (it == uni_.end()) {
        if (uni_.size() + request_streams_.size() >= options_.limits.max_streams) return fail(errc::limit_exceeded);
        uni_stream fresh;
        fresh.reader = d20::message_reader({options_.limits.max_message});
        it = uni_.emplace(stream_id, std::move(fresh)).first;
    }
    auto& u = it->second;
    if (u.kind == uni_kind::unknown) {
        u.head.insert(u.head.end(), bytes.begin(), bytes.end());
        const auto type = read_varint(u.head);
        if (!type) {
            if (fin) uni_.erase(it);
            return {};
        }
        if (type->value == d20::message_type::setup) {
            // 3.3: the stream type of a control stream is its SETUP message type.
            if (have_control_) return fail(errc::unknown_message);
            have_control_ = true;
            u.kind = uni_kind::control;
        } else if (is_subgroup_type(type->value) || type->value == d20::fetch_header_type ||
                   type->value == d20::padding_stream_type) {
            u.kind = uni_kind::drained;  // we publish only; padding is discarded (11.5.1)
        } else {
            return fail(errc::unknown_stream_type);  // 3.4
        }
        bytes = u.head;
    }
    if (u.kind == uni_kind::control) {
        std::vector<std::byte> copy;
        if (!u.head.empty()) {
            copy = std::move(u.head);
            u.head.clear();
            bytes = copy;
        }
        if (auto ec = u.reader.feed(bytes)) return fail(ec);
        while (auto m = u.reader.next())
            if (auto ec = on_control(std::move(*m))) return fail(ec);
        if (fin) return fail(errc::bad_message);  // 3.3: a control stream never closes
        return {};
    }
    u.head.clear();
    if (fin) uni_.erase(it);
    return {};
}

std::error_code session::on_control(d20::message&& m) {
    if (!setup_received_) {
        auto* s = std::get_if<d20::setup>(&m);
        if (!s) return errc::unknown_message;
        setup_received_ = true;
        events_.push_back(moqt_event::setup{std::move(s->options)});
        return {};
    }
    if (auto* g = std::get_if<d20::goaway>(&m)) {
        // 10.4: one GOAWAY; a client's names no URI.
        if (goaway_received_ || !g->new_session_uri.empty()) return errc::bad_message;
        goaway_received_ = true;
        events_.push_back(moqt_event::goaway{});
        return {};
    }
    return errc::unknown_message;  // 10, Table 5: nothing else belongs on the control stream
}

std::error_code session::take_request_id(std::uint64_t id) {
    // 10.1: clients use even ids, each once.
    if (id % 2 != 0 || id < request_id_floor_ || !seen_request_ids_.insert(id).second)
        return errc::invalid_request_id;
    if (seen_request_ids_.size() > remembered_request_ids) {
        request_id_floor_ = *seen_request_ids_.begin() + 1;
        seen_request_ids_.erase(seen_request_ids_.begin());
    }
    return {};
}

std::error_code session::feed_request(std::uint64_t stream_id, byte_span bytes, bool fin) {
    if (error_) return error_;
    auto it = request_streams_.find(stream_id);
    if (it == request_streams_.end()) {
        if (uni_.size() + request_streams_.size() >= options_.limits.max_streams) return fail(errc::limit_exceeded);
        request_stream fresh;
        fresh.reader = d20::message_reader({options_.limits.max_message});
        it = request_streams_.emplace(stream_id, std::move(fresh)).first;
    }
    auto& rs = it->second;
    if (auto ec = rs.reader.feed(bytes)) return fail(ec);
    while (auto m = rs.reader.next())
        if (auto ec = on_request_message(stream_id, rs, std::move(*m))) return fail(ec);
    if (fin) {
        // 3.3.2: a FIN is not a cancellation; a message cut by it is an error (10).
        if (!rs.reader.at_boundary()) return fail(errc::truncated);
        rs.peer_finished = true;
        if (!rs.request_id || rs.answered) request_streams_.erase(it);
    }
    return {};
}

std::error_code session::on_request_message(std::uint64_t stream_id, request_stream& rs, d20::message&& m) {
    if (!rs.request_id) {
        // 3.3: a request stream begins with one of the seven request messages.
        std::uint64_t id = 0;
        request r;
        r.stream_id = stream_id;
        bool supported = false;
        if (auto* s = std::get_if<d20::subscribe>(&m)) {
            id = s->request_id;
            r.kind = request_kind::subscribe;
            supported = true;
        } else if (auto* t = std::get_if<d20::track_status>(&m)) {
            id = t->request_id;
            r.kind = request_kind::track_status;
            supported = true;
        } else if (auto* f = std::get_if<d20::fetch>(&m)) {
            id = f->request_id;
        } else if (auto* p = std::get_if<d20::publish>(&m)) {
            id = p->request_id;
        } else if (auto* pn = std::get_if<d20::publish_namespace>(&m)) {
            id = pn->request_id;
        } else if (auto* sn = std::get_if<d20::subscribe_namespace>(&m)) {
            id = sn->request_id;
            r.kind = request_kind::namespaces;
            r.track_ns = sn->prefix;
            supported = true;
        } else if (auto* st = std::get_if<d20::subscribe_tracks>(&m)) {
            id = st->request_id;
        } else {
            return errc::unknown_message;
        }
        if (auto ec = take_request_id(id)) return ec;
        if (requests_.size() >= options_.limits.max_requests) return errc::limit_exceeded;
        rs.request_id = id;
        if (!supported) {
            // 4: endpoints answer what they do not implement with NOT_SUPPORTED.
            // TODO(issue 20): FETCH and namespace discovery for relays.
            requests_.emplace(id, std::move(r));
            return reject(id, d20::request_error_code::not_supported, "not supported by this publisher");
        }
        if (r.kind == request_kind::namespaces) {
            events_.push_back(moqt_event::subscribe_namespace{id, r.track_ns});
            requests_.emplace(id, std::move(r));
            return {};
        }
        const auto& sub = r.kind == request_kind::subscribe ? std::get<d20::subscribe>(m)
                                                             : static_cast<const d20::subscribe&>(
                                                                   std::get<d20::track_status>(m));
        r.track_ns = sub.track_ns;
        r.track_name = sub.track_name;
        if (r.kind == request_kind::track_status) {
            requests_.emplace(id, std::move(r));
            events_.push_back(moqt_event::track_status{id, sub.track_ns, sub.track_name});
            return {};
        }
        moqt_event::subscribe e{id, sub.track_ns, sub.track_name, std::nullopt, true, 128, {}};
        if (const auto* f = d20::find_param(sub.params, d20::param::location_filter); f && !f->bytes.empty()) {
            auto filter = d20::parse_location_filter(f->bytes);
            if (!filter) {
                requests_.emplace(id, std::move(r));
                return reject(id, d20::request_error_code::invalid_filter, "bad LOCATION_FILTER");
            }
            e.filter = *filter;
        }
        if (const auto* f = d20::find_param(sub.params, d20::param::forward)) e.forward = f->number == 1;
        if (const auto* p = d20::find_param(sub.params, d20::param::subscriber_priority))
            e.priority = static_cast<std::uint8_t>(p->number);
        e.authorization = param_string(sub.params, d20::param::authorization_token);
        r.filter = e.filter;
        r.forward = e.forward;
        requests_.emplace(id, std::move(r));
        events_.push_back(std::move(e));
        return {};
    }
    auto rit = requests_.find(*rs.request_id);
    if (auto* u = std::get_if<d20::request_update>(&m)) {
        // 10.9: an update consumes a Request ID and is answered on this stream.
        if (auto ec = take_request_id(u->request_id)) return ec;
        if (rit == requests_.end() || rit->second.kind != request_kind::subscribe) return errc::unknown_message;
        if (const auto* f = d20::find_param(u->params, d20::param::forward)) rit->second.forward = f->number == 1;
        write_message(stream_id, false, d20::request_ok{}, false);
        return {};
    }
    if (std::holds_alternative<d20::goaway>(m)) {
        if (rs.goaway_seen) return errc::bad_message;  // 10.4: at most one per request stream
        rs.goaway_seen = true;
        return {};
    }
    return errc::unknown_message;
}

void session::on_request_reset(std::uint64_t stream_id) {
    auto it = request_streams_.find(stream_id);
    if (it == request_streams_.end()) return;
    if (it->second.request_id) {
        auto rit = requests_.find(*it->second.request_id);
        if (rit != requests_.end()) {
            auto& r = rit->second;
            // 3.3.3: cancel by resetting what is still open; 3.3.4 CANCELLED.
            if (r.data_stream) output_.push_back(outgoing{*r.data_stream, true, {}, false, 0x1});
            output_.push_back(outgoing{stream_id, false, {}, false, 0x1});
            if (r.kind == request_kind::subscribe || r.kind == request_kind::namespaces)
                events_.push_back(moqt_event::unsubscribe{rit->first});
            requests_.erase(rit);
        }
    }
    request_streams_.erase(it);
}

std::optional<event> session::next_event() {
    if (next_event_ == events_.size()) {
        events_.clear();
        next_event_ = 0;
        return std::nullopt;
    }
    return std::move(events_[next_event_++]);
}

std::error_code session::accept_subscribe(std::uint64_t request_id, std::optional<d20::location> largest) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::subscribe || it->second.established)
        return errc::bad_state;
    auto& r = it->second;
    r.established = true;
    r.track_alias = next_track_alias_++;
    r.start = d20::subscription_start(r.filter, largest);
    d20::subscribe_ok ok;
    ok.track_alias = r.track_alias;
    if (largest) ok.params.push_back({d20::param::largest_object, 0, *largest, {}});
    write_message(r.stream_id, false, ok, false);
    return {};
}

std::error_code session::accept_subscribe_namespace(std::uint64_t request_id) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::namespaces || it->second.established)
        return errc::bad_state;
    it->second.established = true;
    write_message(it->second.stream_id, false, d20::request_ok{}, false);
    return {};
}

std::error_code session::send_namespace(std::uint64_t request_id, const d20::track_namespace& suffix, bool done) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::namespaces || !it->second.established)
        return errc::bad_state;
    if (done) {
        write_message(it->second.stream_id, false, d20::namespace_done{suffix}, false);
    } else {
        write_message(it->second.stream_id, false, d20::namespace_msg{suffix}, false);
    }
    return {};
}

std::error_code session::reject(std::uint64_t request_id, std::uint64_t error_code, std::string_view reason) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.established) return errc::bad_state;
    d20::request_error e;
    e.error_code = error_code;
    e.reason = std::string(reason);
    // 3.3.3: REQUEST_ERROR, then FIN.
    write_message(it->second.stream_id, false, e, true);
    request_answered(it->second.stream_id);
    requests_.erase(it);
    return {};
}

std::error_code session::answer_track_status(std::uint64_t request_id, std::optional<d20::location> largest) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::track_status) return errc::bad_state;
    d20::request_ok ok;
    if (largest) ok.params.push_back({d20::param::largest_object, 0, *largest, {}});
    write_message(it->second.stream_id, false, ok, true);  // 10.15: FIN after the answer
    request_answered(it->second.stream_id);
    requests_.erase(it);
    return {};
}

void session::request_answered(std::uint64_t stream_id) {
    // Forget a request stream once both directions have ended (3.3.2).
    auto it = request_streams_.find(stream_id);
    if (it == request_streams_.end()) return;
    if (it->second.peer_finished) request_streams_.erase(it);
    else it->second.answered = true;
}

void session::close_data_stream(request& r) {
    if (!r.data_stream) return;
    write(*r.data_stream, true, {}, true);  // 11.4.3: FIN once a subgroup is complete
    r.data_stream.reset();
}

std::error_code session::send_object(std::uint64_t request_id, std::uint64_t group, std::uint64_t object,
                                     byte_span payload) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::subscribe || !it->second.established)
        return errc::bad_state;
    auto& r = it->second;
    // 5.1.2, 5.1.5: only Objects passing Forward and the Location filter.
    if (!r.forward || d20::location{group, object} < r.start) return {};
    if (r.filter && r.filter->end_group_delta && group > *r.filter->start_group + *r.filter->end_group_delta) return {};
    if (r.data_stream && group != r.group) close_data_stream(r);
    std::vector<std::byte> out;
    d20::subgroup_header h;
    h.track_alias = r.track_alias;
    h.group_id = group;
    h.subgroup_id_mode = 0;  // one subgroup per group, id 0
    h.first_object = object == 0;
    if (!r.data_stream) {
        r.data_stream = next_local_stream_++;
        r.group = group;
        r.last_object.reset();
        ++r.streams_opened;
        d20::append_subgroup_header(h, out);
    } else if (r.last_object && object <= *r.last_object) {
        return errc::bad_state;  // 2.2: ascending Object IDs within a subgroup
    }
    d20::subgroup_object o;
    o.object_id = object;
    o.payload = to_vector(payload);
    d20::append_subgroup_object(h, r.last_object, o, out);
    r.last_object = object;
    write(*r.data_stream, true, out, false);
    return {};
}

std::error_code session::abandon_group(std::uint64_t request_id, std::uint64_t code) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::subscribe || !it->second.established)
        return errc::bad_state;
    auto& r = it->second;
    if (!r.data_stream) return {};
    output_.push_back(outgoing{*r.data_stream, true, {}, false, code});
    r.data_stream.reset();
    return {};
}

std::error_code session::finish_subscription(std::uint64_t request_id, std::uint64_t status, std::string_view reason) {
    auto it = requests_.find(request_id);
    if (it == requests_.end() || it->second.kind != request_kind::subscribe || !it->second.established)
        return errc::bad_state;
    auto& r = it->second;
    close_data_stream(r);
    // 10.12: PUBLISH_DONE only after every data stream is closed, then FIN.
    d20::publish_done done;
    done.status_code = status;
    done.stream_count = r.streams_opened;
    done.reason = std::string(reason);
    write_message(r.stream_id, false, done, true);
    request_answered(r.stream_id);
    requests_.erase(it);
    return {};
}

std::vector<std::uint64_t> session::subscriptions_for(const d20::track_namespace& ns, std::string_view name) const {
    std::vector<std::uint64_t> out;
    for (const auto& [id, r] : requests_)
        if (r.kind == request_kind::subscribe && r.established && r.track_name == name && r.track_ns == ns)
            out.push_back(id);
    return out;
}

void session::send_goaway(std::string_view new_session_uri, std::uint64_t timeout_ms) {
    write_message(0, true, d20::goaway{std::string(new_session_uri), timeout_ms}, false);
}

void session::write(std::uint64_t stream, bool local, byte_span bytes, bool fin) {
    if (!output_.empty()) {
        auto& last = output_.back();
        if (last.stream == stream && last.local == local && !last.fin && !last.reset) {
            last.bytes.insert(last.bytes.end(), bytes.begin(), bytes.end());
            last.fin = fin;
            return;
        }
    }
    output_.push_back(outgoing{stream, local, to_vector(bytes), fin, std::nullopt});
}

void session::write_message(std::uint64_t stream, bool local, const d20::message& m, bool fin) {
    std::vector<std::byte> out;
    // Our own messages are far below the 16-bit Length limit.
    (void)d20::append_message(m, out);
    write(stream, local, out, fin);
}

std::vector<outgoing> session::take_output() { return std::exchange(output_, {}); }

}  // namespace lal::moqt
