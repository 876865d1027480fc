// SPDX-License-Identifier: MIT
#include <lal/moqt/subscriber.hpp>

#include <utility>

#include <lal/moqt/varint.hpp>

namespace lal::moqt {

namespace d20 = draft20;

namespace {

// 3.3.4: the code a requester resets its request stream with to cancel.
constexpr std::uint64_t request_cancelled = 0x1;

// 3.4: SUBGROUP_HEADER stream types are 0b0XX1XXXX.
bool subgroup_stream_type(std::uint64_t t) noexcept { return t < 0x80 && (t & 0x10) != 0; }

}  // namespace

subscriber::subscriber(subscriber_options options) : options_(std::move(options)) {}

void subscriber::start(std::uint64_t control_stream) {
    // 3.3, 10.3: each endpoint's control stream starts with its SETUP.
    d20::setup s;
    s.options.push_back({d20::setup_option::moqt_implementation, 0, to_vector(as_byte_span(options_.implementation))});
    std::vector<std::byte> out;
    (void)d20::append_message(s, out);  // a few bytes, far below the 16-bit Length
    write(control_stream, out, false);
}

std::error_code subscriber::fail(std::error_code ec) {
    if (ec && !error_) error_ = ec;
    return ec;
}

result<std::uint64_t> subscriber::subscribe(std::uint64_t request_stream, const d20::track_namespace& ns,
                                            std::string_view name, d20::parameters params) {
    if (error_) return error_;
    if (requests_.size() >= options_.limits.max_requests) return errc::limit_exceeded;
    if (by_stream_.count(request_stream)) return errc::bad_state;
    d20::subscribe m;
    m.request_id = next_request_id_;
    m.track_ns = ns;
    m.track_name = std::string(name);
    m.params = std::move(params);
    std::vector<std::byte> out;
    if (auto ec = d20::append_message(m, out)) return ec;
    next_request_id_ += 2;  // 10.1: a client's Request IDs are even and grow
    request r;
    r.stream_id = request_stream;
    r.reader = d20::message_reader({options_.limits.max_message});
    requests_.emplace(m.request_id, std::move(r));
    by_stream_[request_stream] = m.request_id;
    write(request_stream, out, false);
    return m.request_id;
}

std::error_code subscriber::unsubscribe(std::uint64_t request_id) {
    auto it = requests_.find(request_id);
    if (it == requests_.end()) return errc::bad_state;
    output_.push_back(subscriber_write{it->second.stream_id, {}, false, request_cancelled});
    end_request(request_id);
    return {};
}

void subscriber::end_request(std::uint64_t request_id) {
    auto it = requests_.find(request_id);
    if (it == requests_.end()) return;
    by_stream_.erase(it->second.stream_id);
    if (it->second.track_alias) by_alias_.erase(*it->second.track_alias);
    requests_.erase(it);
}

std::error_code subscriber::feed_uni(std::uint64_t stream_id, byte_span bytes, bool fin) {
    if (error_) return error_;
    auto it = uni_.find(stream_id);
    if (it == uni_.end()) {
        if (uni_.size() >= options_.limits.max_streams) return fail(errc::limit_exceeded);
        uni_stream fresh;
        it = uni_.emplace(stream_id, std::move(fresh)).first;
    }
    auto& u = it->second;
    std::vector<std::byte> held;
    if (u.kind == uni_kind::unknown) {
        // 3.4: the stream type comes first; wait for all of its bytes.
        u.head.insert(u.head.end(), bytes.begin(), bytes.end());
        const auto type = read_varint(u.head);
        if (!type && fin) uni_.erase(it);
        if (!type) return {};
        held = std::exchange(u.head, {});
        bytes = held;
        if (type->value == d20::message_type::setup) {
            // 3.3: the control stream's type is its SETUP's message type; one per peer.
            if (have_control_) return fail(errc::unknown_message);
            have_control_ = true;
            u.kind = uni_kind::control;
            u.control = d20::message_reader({options_.limits.max_message});
        } else if (subgroup_stream_type(type->value)) {
            u.kind = uni_kind::subgroup;
            u.data.emplace(d20::subgroup_limits{options_.limits.max_payload});
        } else if (type->value == d20::padding_stream_type) {
            u.kind = uni_kind::drained;  // 11.5.1: discarded
        } else {
            return fail(errc::unknown_stream_type);  // 3.4; we never FETCH, so no FETCH_HEADER either
        }
    }
    switch (u.kind) {
    case uni_kind::control: {
        // Messages read before a bad one are handled first, so the error is
        // the first fault in stream order, however the bytes were cut.
        const auto read = u.control.feed(bytes);
        while (auto m = u.control.next())
            if (auto ec = on_control(std::move(*m))) return fail(ec);
        if (read) return fail(read);
        if (fin) return fail(errc::bad_message);  // 3.3: a control stream never ends
        return {};
    }
    case uni_kind::subgroup: {
        const auto read = u.data->feed(bytes);  // as above: earlier Objects first
        if (auto ec = on_objects(u)) return fail(ec);
        if (read) return fail(read);
        // 11.4: a FIN inside an Object cuts it; it is lost, as after a reset.
        if (fin) uni_.erase(it);
        return {};
    }
    case uni_kind::drained:
    case uni_kind::unknown:
        if (fin) uni_.erase(it);
        return {};
    }
    return {};
}

std::error_code subscriber::on_objects(uni_stream& u) {
    while (auto o = u.data->next()) {
        if (o->status != d20::object_status::normal) continue;  // 11.2.1.1: markers carry no media
        const auto alias = u.data->header()->track_alias;
        subscriber_event::object e{0, u.data->header()->group_id, o->object_id, std::move(o->payload)};
        if (auto a = by_alias_.find(alias); a != by_alias_.end()) {
            e.request_id = a->second;
            events_.push_back(std::move(e));
            continue;
        }
        // 11.4.2: an alias may arrive before its SUBSCRIBE_OK; held, within a bound.
        // Each held Object costs its payload plus a fixed amount: empty ones are bounded too.
        const auto cost = e.payload.size() + held_object_cost;
        if (early_bytes_ + cost > options_.limits.max_payload) {
            ++objects_dropped_;
            continue;
        }
        early_bytes_ += cost;
        early_.emplace_back(alias, std::move(e));
    }
    return {};
}

std::error_code subscriber::on_control(d20::message&& m) {
    if (!setup_received_) {
        auto* s = std::get_if<d20::setup>(&m);
        if (!s) return errc::unknown_message;  // 3.3: SETUP comes first
        setup_received_ = true;
        events_.push_back(subscriber_event::setup{std::move(s->options)});
        return {};
    }
    if (auto* g = std::get_if<d20::goaway>(&m)) {
        if (goaway_received_) return errc::bad_message;  // 10.4: at most one
        goaway_received_ = true;
        events_.push_back(subscriber_event::goaway{std::move(g->new_session_uri)});
        return {};
    }
    return errc::unknown_message;  // 10, Table 5: nothing else on the control stream
}

std::error_code subscriber::feed_request(std::uint64_t stream_id, byte_span bytes, bool fin) {
    if (error_) return error_;
    auto s = by_stream_.find(stream_id);
    if (s == by_stream_.end()) return {};  // a request we ended: what follows is moot
    const auto request_id = s->second;
    auto& r = requests_.at(request_id);
    // Messages read before a bad one count first (stream order, whatever the cuts).
    const auto read = r.reader.feed(bytes);
    while (auto m = r.reader.next()) {
        if (auto ec = on_answer(request_id, r, std::move(*m))) return fail(ec);
        if (!requests_.count(request_id)) return {};  // answered for good: the rest is moot
    }
    if (read) return fail(read);
    if (fin) {
        // 3.3.2: the publisher ends its side only after REQUEST_ERROR or PUBLISH_DONE.
        if (!r.reader.at_boundary()) return fail(errc::truncated);
        return fail(errc::bad_message);
    }
    return {};
}

std::error_code subscriber::on_answer(std::uint64_t request_id, request& r, d20::message&& m) {
    if (!r.track_alias) {
        if (auto* ok = std::get_if<d20::subscribe_ok>(&m)) {
            // 10.8: aliases are unique within the session.
            if (by_alias_.count(ok->track_alias)) return errc::bad_message;
            r.track_alias = ok->track_alias;
            by_alias_[ok->track_alias] = request_id;
            events_.push_back(subscriber_event::subscribed{request_id, ok->track_alias});
            // Objects that came ahead of this answer, in arrival order.
            for (auto it = early_.begin(); it != early_.end();) {
                if (it->first != ok->track_alias) {
                    ++it;
                    continue;
                }
                early_bytes_ -= it->second.payload.size() + held_object_cost;
                it->second.request_id = request_id;
                events_.push_back(std::move(it->second));
                it = early_.erase(it);
            }
            return {};
        }
        if (auto* e = std::get_if<d20::request_error>(&m)) {
            events_.push_back(subscriber_event::refused{request_id, e->error_code, std::move(e->reason)});
            write(r.stream_id, {}, true);  // 3.3.2: our side ends too
            end_request(request_id);
            return {};
        }
        return errc::unknown_message;
    }
    if (auto* d = std::get_if<d20::publish_done>(&m)) {
        events_.push_back(subscriber_event::done{request_id, d->status_code, std::move(d->reason)});
        write(r.stream_id, {}, true);
        end_request(request_id);
        return {};
    }
    return errc::unknown_message;  // 10.8: after SUBSCRIBE_OK only PUBLISH_DONE (we send no updates)
}

void subscriber::on_stream_reset(std::uint64_t stream_id) {
    if (auto it = uni_.find(stream_id); it != uni_.end()) {
        uni_.erase(it);  // 11.4.3: a subgroup abandoned; its partial Object is lost
        return;
    }
    if (auto s = by_stream_.find(stream_id); s != by_stream_.end()) {
        const auto id = s->second;
        events_.push_back(subscriber_event::done{id, d20::publish_done_code::internal_error, "the publisher reset the request stream"});
        end_request(id);
    }
}

std::optional<subscriber_event_t> subscriber::next_event() {
    if (events_.empty()) return std::nullopt;
    std::optional<subscriber_event_t> e(std::move(events_.front()));
    events_.pop_front();
    return e;
}

void subscriber::write(std::uint64_t stream, byte_span bytes, bool fin) {
    // Joined to the previous write when it is the same open stream: fewer transport writes.
    const bool join = !output_.empty() && output_.back().stream_id == stream && !output_.back().fin &&
                      !output_.back().reset;
    if (!join) output_.push_back(subscriber_write{stream, {}, false, std::nullopt});
    auto& w = output_.back();
    w.bytes.insert(w.bytes.end(), bytes.begin(), bytes.end());
    w.fin = fin;
}

std::vector<subscriber_write> subscriber::take_output() { return std::exchange(output_, {}); }

}  // namespace lal::moqt
