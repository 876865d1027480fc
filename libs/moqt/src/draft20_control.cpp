// SPDX-License-Identifier: MIT
// Control messages of draft-ietf-moq-transport-20 (sections 1.4, 2.4.1, 5.1.2, 10).
#include <lal/moqt/draft20.hpp>

#include <algorithm>
#include <limits>

#include "cursor.hpp"

namespace lal::moqt::draft20 {

using detail::cursor;

// ---- Key-Value-Pairs (1.4.3) ------------------------------------------------

result<key_values> parse_key_values(byte_span in, std::size_t max_pairs) {
    cursor c(in);
    key_values out;
    std::uint64_t type = 0;
    while (!c.done()) {
        auto delta = c.vi();
        if (!delta) return errc::bad_key_value;
        if (*delta > std::numeric_limits<std::uint64_t>::max() - type) return errc::bad_message;
        type += *delta;
        if (out.size() == max_pairs) return errc::limit_exceeded;
        key_value kv;
        kv.type = type;
        if (type % 2 == 0) {
            auto v = c.vi();
            if (!v) return errc::bad_key_value;
            kv.number = *v;
        } else {
            auto len = c.vi();
            if (!len) return errc::bad_key_value;
            if (*len > max_kvp_length) return errc::bad_message;
            auto b = c.bytes(*len);
            if (!b) return errc::bad_key_value;
            kv.bytes = to_vector(*b);
        }
        out.push_back(std::move(kv));
    }
    return out;
}

void append_key_values(key_values kvs, std::vector<std::byte>& out) {
    std::stable_sort(kvs.begin(), kvs.end(), [](const auto& a, const auto& b) { return a.type < b.type; });
    std::uint64_t previous = 0;
    for (const auto& kv : kvs) {
        append_varint(kv.type - previous, out);
        previous = kv.type;
        if (kv.type % 2 == 0) {
            append_varint(kv.number, out);
        } else {
            append_varint(kv.bytes.size(), out);
            detail::put_bytes(kv.bytes, out);
        }
    }
}

// ---- Message Parameters (10.2) ---------------------------------------------

namespace {

enum class encoding { varint, uint8, location, bytes, track_namespace };

std::optional<encoding> encoding_of(std::uint64_t type) noexcept {
    switch (type) {
    case param::object_delivery_timeout:
    case param::rendezvous_timeout:
    case param::subgroup_delivery_timeout:
    case param::expires:
    case param::fill_timeout:
    case param::new_group_request: return encoding::varint;
    case param::forward:
    case param::subscriber_priority:
    case param::group_order:
    case param::include_properties: return encoding::uint8;
    case param::largest_object: return encoding::location;
    case param::authorization_token:
    case param::location_filter:
    case param::fill_parameters:
    case param::subgroup_filter:
    case param::objectid_filter:
    case param::priority_filter:
    case param::object_property_filter:
    case param::track_property_filter: return encoding::bytes;
    case param::track_namespace_prefix: return encoding::track_namespace;
    default: return std::nullopt;
    }
}

// Filters and AUTHORIZATION TOKEN may repeat (5.1.4, 10.2.2).
bool may_repeat(std::uint64_t type) noexcept {
    return type == param::authorization_token || (type >= param::subgroup_filter && type <= param::track_property_filter);
}

result<track_namespace> get_namespace(cursor& c, std::size_t& total) {
    auto count = c.vi();
    if (!count) return errc::truncated;
    if (*count > max_namespace_fields) return errc::bad_namespace;
    track_namespace ns;
    for (std::uint64_t i = 0; i < *count; ++i) {
        auto len = c.vi();
        if (!len) return errc::truncated;
        // 2.4.1: fields are non-empty and the full name is at most 4096 bytes.
        if (*len == 0 || *len > max_full_name_length - total) return errc::bad_namespace;
        auto b = c.bytes(*len);
        if (!b) return errc::truncated;
        total += b->size();
        ns.emplace_back(as_string_view(*b));
    }
    return ns;
}

void put_namespace(const track_namespace& ns, std::vector<std::byte>& out) {
    append_varint(ns.size(), out);
    for (const auto& f : ns) detail::put_string(f, out);
}

result<std::string> get_track_name(cursor& c, std::size_t total) {
    auto len = c.vi();
    if (!len) return errc::truncated;
    if (*len > max_full_name_length - total) return errc::bad_namespace;
    auto b = c.bytes(*len);
    if (!b) return errc::truncated;
    return std::string(as_string_view(*b));
}

result<parameters> get_params(cursor& c) {
    auto count = c.vi();
    if (!count) return errc::truncated;
    parameters out;
    std::uint64_t type = 0;
    for (std::uint64_t i = 0; i < *count; ++i) {
        auto delta = c.vi();
        if (!delta) return errc::truncated;
        if (*delta > std::numeric_limits<std::uint64_t>::max() - type) return errc::bad_message;
        if (i > 0 && *delta == 0 && !may_repeat(type)) return errc::duplicate_parameter;
        type += *delta;
        // 10.2: an unknown parameter cannot be skipped; the session ends.
        const auto enc = encoding_of(type);
        if (!enc) return errc::unknown_parameter;
        if (out.size() == 64) return errc::limit_exceeded;
        parameter p;
        p.type = type;
        switch (*enc) {
        case encoding::varint: {
            auto v = c.vi();
            if (!v) return errc::truncated;
            p.number = *v;
            break;
        }
        case encoding::uint8: {
            auto v = c.u8();
            if (!v) return errc::truncated;
            p.number = *v;
            // 10.2.8, 10.2.18, 10.2.21: the allowed values.
            if (type == param::forward && p.number > 1) return errc::bad_message;
            if (type == param::include_properties && p.number > 1) return errc::bad_message;
            if (type == param::group_order && (p.number < 1 || p.number > 2)) return errc::bad_message;
            break;
        }
        case encoding::location: {
            auto g = c.vi();
            auto o = g ? c.vi() : std::nullopt;
            if (!o) return errc::truncated;
            p.where = {*g, *o};
            break;
        }
        case encoding::bytes: {
            auto len = c.vi();
            if (!len) return errc::truncated;
            auto b = c.bytes(*len);
            if (!b) return errc::truncated;
            p.bytes = to_vector(*b);
            break;
        }
        case encoding::track_namespace: {
            // Kept as its wire bytes; parse with the namespace rules to find its end.
            const auto start = c.position();
            std::size_t total = 0;
            cursor probe = c;
            auto ns = get_namespace(probe, total);
            if (!ns) return ns.error();
            auto b = c.bytes(probe.position() - start);
            p.bytes = to_vector(*b);
            break;
        }
        }
        out.push_back(std::move(p));
    }
    return out;
}

void put_params(parameters ps, std::vector<std::byte>& out) {
    std::stable_sort(ps.begin(), ps.end(), [](const auto& a, const auto& b) { return a.type < b.type; });
    append_varint(ps.size(), out);
    std::uint64_t previous = 0;
    for (const auto& p : ps) {
        append_varint(p.type - previous, out);
        previous = p.type;
        switch (encoding_of(p.type).value_or(encoding::bytes)) {
        case encoding::varint: append_varint(p.number, out); break;
        case encoding::uint8: out.push_back(static_cast<std::byte>(p.number & 0xff)); break;
        case encoding::location:
            append_varint(p.where.group, out);
            append_varint(p.where.object, out);
            break;
        case encoding::bytes:
            append_varint(p.bytes.size(), out);
            detail::put_bytes(p.bytes, out);
            break;
        case encoding::track_namespace: detail::put_bytes(p.bytes, out); break;
        }
    }
}

// Parameters, then Track Properties filling the rest of the message (2.5).
std::error_code get_params_and_properties(cursor& c, parameters& ps, key_values& props) {
    auto parsed = get_params(c);
    if (!parsed) return parsed.error();
    ps = std::move(*parsed);
    auto kvs = parse_key_values(c.rest());
    if (!kvs) return kvs.error();
    props = std::move(*kvs);
    return {};
}

template <class T>
result<message> finish(cursor& c, T&& value) {
    if (!c.done()) return errc::bad_length;  // 10: Length must match the body
    return message(std::forward<T>(value));
}

// Request ID, Track Namespace and Track Name (10.7, 10.11, 10.13, 10.15).
std::error_code get_track_request(cursor& c, std::uint64_t& request_id, track_namespace& ns, std::string& name) {
    auto id = c.vi();
    if (!id) return errc::truncated;
    request_id = *id;
    std::size_t total = 0;
    auto parsed = get_namespace(c, total);
    if (!parsed) return parsed.error();
    ns = std::move(*parsed);
    auto n = get_track_name(c, total);
    if (!n) return n.error();
    name = std::move(*n);
    return {};
}

std::error_code get_subscribe_like(cursor& c, subscribe& s) {
    if (auto ec = get_track_request(c, s.request_id, s.track_ns, s.track_name)) return ec;
    auto ps = get_params(c);
    if (!ps) return ps.error();
    s.params = std::move(*ps);
    return {};
}

void put_subscribe_like(const subscribe& s, std::vector<std::byte>& out) {
    append_varint(s.request_id, out);
    put_namespace(s.track_ns, out);
    detail::put_string(s.track_name, out);
    put_params(s.params, out);
}

std::error_code get_namespace_request(cursor& c, subscribe_namespace& s, bool with_request_id) {
    if (with_request_id) {
        auto id = c.vi();
        if (!id) return errc::truncated;
        s.request_id = *id;
    }
    std::size_t total = 0;
    auto ns = get_namespace(c, total);
    if (!ns) return ns.error();
    s.prefix = std::move(*ns);
    if (with_request_id) {
        auto ps = get_params(c);
        if (!ps) return ps.error();
        s.params = std::move(*ps);
    }
    return {};
}

}  // namespace

const parameter* find_param(const parameters& ps, std::uint64_t type) noexcept {
    for (const auto& p : ps)
        if (p.type == type) return &p;
    return nullptr;
}

// ---- Location filters (5.1.2) ----------------------------------------------

result<location_filter> parse_location_filter(byte_span value) {
    cursor c(value);
    location_filter f;
    std::optional<std::uint64_t>* slots[] = {&f.start_group, &f.start_object, &f.end_group_delta, &f.end_object};
    for (auto* slot : slots) {
        if (c.done()) break;
        auto v = c.vi();
        if (!v) return errc::truncated;
        *slot = *v;
    }
    if (!c.done()) return errc::bad_message;
    if (f.end_group_delta && *f.end_group_delta > std::numeric_limits<std::uint64_t>::max() - *f.start_group)
        return errc::bad_message;
    return f;
}

std::vector<std::byte> encode_location_filter(const location_filter& f) {
    std::vector<std::byte> out;
    for (const auto* slot : {&f.start_group, &f.start_object, &f.end_group_delta, &f.end_object}) {
        if (!*slot) break;
        append_varint(**slot, out);
    }
    return out;
}

location subscription_start(const std::optional<location_filter>& filter, const std::optional<location>& largest) {
    // No filter (or an empty one) passes every Object: "an open-ended filter
    // that starts at absolute Location {0, 0} is equivalent to unfiltered".
    if (!filter || !filter->start_group) return location{};
    const location next = largest ? location{largest->group, largest->object + 1} : location{};
    if (!filter->start_object) {
        // Only StartGroup: relative to the Next Group, clamped at 0.
        const std::uint64_t next_group = largest ? largest->group + 1 : 0;
        const std::uint64_t back = *filter->start_group;
        return {back > next_group ? 0 : next_group - back, 0};
    }
    if (!filter->end_group_delta && *filter->start_group == 0 && *filter->start_object == 0) return next;
    return {*filter->start_group, *filter->start_object};
}

// ---- Messages (10) ---------------------------------------------------------

std::uint64_t type_of(const message& m) noexcept {
    static constexpr std::uint64_t types[] = {
        message_type::setup,          message_type::goaway,          message_type::subscribe,
        message_type::track_status,   message_type::fetch,           message_type::subscribe_ok,
        message_type::request_ok,     message_type::request_error,   message_type::request_update,
        message_type::publish_state_notify, message_type::publish,   message_type::publish_done,
        message_type::fetch_ok,       message_type::publish_namespace, message_type::namespace_,
        message_type::namespace_done, message_type::subscribe_namespace, message_type::subscribe_tracks};
    return types[m.index()];
}

result<message> decode_message(std::uint64_t type, byte_span body) {
    cursor c(body);
    switch (type) {
    case message_type::setup: {
        auto kvs = parse_key_values(c.rest());
        if (!kvs) return kvs.error();
        return message(setup{std::move(*kvs)});
    }
    case message_type::goaway: {
        goaway g;
        auto len = c.vi();
        if (!len) return errc::truncated;
        if (*len > max_uri_length) return errc::bad_message;
        auto uri = c.bytes(*len);
        auto timeout = uri ? c.vi() : std::nullopt;
        if (!timeout) return errc::truncated;
        g.new_session_uri = std::string(as_string_view(*uri));
        g.timeout_ms = *timeout;
        return finish(c, std::move(g));
    }
    case message_type::subscribe:
    case message_type::track_status:
    case message_type::fetch: {
        subscribe s;
        if (auto ec = get_subscribe_like(c, s)) return ec;
        if (type == message_type::track_status) return finish(c, track_status{std::move(s)});
        if (type == message_type::fetch) return finish(c, fetch{std::move(s)});
        return finish(c, std::move(s));
    }
    case message_type::subscribe_ok: {
        subscribe_ok ok;
        auto alias = c.vi();
        if (!alias) return errc::truncated;
        ok.track_alias = *alias;
        if (auto ec = get_params_and_properties(c, ok.params, ok.track_properties)) return ec;
        return message(std::move(ok));
    }
    case message_type::request_ok: {
        request_ok ok;
        if (auto ec = get_params_and_properties(c, ok.params, ok.track_properties)) return ec;
        return message(std::move(ok));
    }
    case message_type::request_error: {
        request_error e;
        auto code = c.vi();
        auto retry = code ? c.vi() : std::nullopt;
        if (!retry) return errc::truncated;
        e.error_code = *code;
        e.retry_interval = *retry;
        auto reason = detail::get_reason(c);
        if (!reason) return reason.error();
        e.reason = std::move(*reason);
        if (e.error_code == request_error_code::redirect) {
            redirect r;
            auto len = c.vi();
            if (!len) return errc::truncated;
            if (*len > max_uri_length) return errc::bad_message;
            auto uri = c.bytes(*len);
            if (!uri) return errc::truncated;
            r.connect_uri = std::string(as_string_view(*uri));
            std::size_t total = 0;
            auto ns = get_namespace(c, total);
            if (!ns) return ns.error();
            r.track_ns = std::move(*ns);
            auto name = get_track_name(c, total);
            if (!name) return name.error();
            r.track_name = std::move(*name);
            e.redirect_to = std::move(r);
        }
        return finish(c, std::move(e));
    }
    case message_type::request_update: {
        request_update u;
        auto id = c.vi();
        if (!id) return errc::truncated;
        u.request_id = *id;
        auto ps = get_params(c);
        if (!ps) return ps.error();
        u.params = std::move(*ps);
        return finish(c, std::move(u));
    }
    case message_type::publish_state_notify: {
        auto ps = get_params(c);
        if (!ps) return ps.error();
        return finish(c, publish_state_notify{std::move(*ps)});
    }
    case message_type::publish: {
        publish p;
        if (auto ec = get_track_request(c, p.request_id, p.track_ns, p.track_name)) return ec;
        auto alias = c.vi();
        if (!alias) return errc::truncated;
        p.track_alias = *alias;
        if (auto ec = get_params_and_properties(c, p.params, p.track_properties)) return ec;
        return message(std::move(p));
    }
    case message_type::publish_done: {
        publish_done d;
        auto status = c.vi();
        auto count = status ? c.vi() : std::nullopt;
        if (!count) return errc::truncated;
        d.status_code = *status;
        d.stream_count = *count;
        auto reason = detail::get_reason(c);
        if (!reason) return reason.error();
        d.reason = std::move(*reason);
        return finish(c, std::move(d));
    }
    case message_type::fetch_ok: {
        fetch_ok ok;
        auto eot = c.u8();
        if (!eot) return errc::truncated;
        if (*eot > 1) return errc::bad_message;
        ok.end_of_track = *eot == 1;
        auto g = c.vi();
        auto o = g ? c.vi() : std::nullopt;
        if (!o) return errc::truncated;
        ok.end = {*g, *o};
        if (auto ec = get_params_and_properties(c, ok.params, ok.track_properties)) return ec;
        return message(std::move(ok));
    }
    case message_type::publish_namespace: {
        subscribe_namespace s;
        if (auto ec = get_namespace_request(c, s, true)) return ec;
        return finish(c, publish_namespace{s.request_id, std::move(s.prefix), std::move(s.params)});
    }
    case message_type::namespace_:
    case message_type::namespace_done: {
        subscribe_namespace s;
        if (auto ec = get_namespace_request(c, s, false)) return ec;
        if (type == message_type::namespace_) return finish(c, namespace_msg{std::move(s.prefix)});
        return finish(c, namespace_done{std::move(s.prefix)});
    }
    case message_type::subscribe_namespace:
    case message_type::subscribe_tracks: {
        subscribe_namespace s;
        if (auto ec = get_namespace_request(c, s, true)) return ec;
        if (type == message_type::subscribe_tracks) return finish(c, subscribe_tracks{std::move(s)});
        return finish(c, std::move(s));
    }
    default: return errc::unknown_message;
    }
}

std::error_code append_message(const message& m, std::vector<std::byte>& out) {
    std::vector<std::byte> body;
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, setup>) {
                append_key_values(v.options, body);
            } else if constexpr (std::is_same_v<T, goaway>) {
                detail::put_string(v.new_session_uri, body);
                append_varint(v.timeout_ms, body);
            } else if constexpr (std::is_base_of_v<subscribe, T>) {
                put_subscribe_like(v, body);
            } else if constexpr (std::is_same_v<T, subscribe_ok>) {
                append_varint(v.track_alias, body);
                put_params(v.params, body);
                append_key_values(v.track_properties, body);
            } else if constexpr (std::is_same_v<T, request_ok>) {
                put_params(v.params, body);
                append_key_values(v.track_properties, body);
            } else if constexpr (std::is_same_v<T, request_error>) {
                append_varint(v.error_code, body);
                append_varint(v.retry_interval, body);
                detail::put_reason(v.reason, body);
                if (v.error_code == request_error_code::redirect) {
                    const redirect empty;
                    const redirect& r = v.redirect_to ? *v.redirect_to : empty;
                    detail::put_string(r.connect_uri, body);
                    put_namespace(r.track_ns, body);
                    detail::put_string(r.track_name, body);
                }
            } else if constexpr (std::is_same_v<T, request_update>) {
                append_varint(v.request_id, body);
                put_params(v.params, body);
            } else if constexpr (std::is_same_v<T, publish_state_notify>) {
                put_params(v.params, body);
            } else if constexpr (std::is_same_v<T, publish>) {
                append_varint(v.request_id, body);
                put_namespace(v.track_ns, body);
                detail::put_string(v.track_name, body);
                append_varint(v.track_alias, body);
                put_params(v.params, body);
                append_key_values(v.track_properties, body);
            } else if constexpr (std::is_same_v<T, publish_done>) {
                append_varint(v.status_code, body);
                append_varint(v.stream_count, body);
                detail::put_reason(v.reason, body);
            } else if constexpr (std::is_same_v<T, fetch_ok>) {
                body.push_back(std::byte{v.end_of_track ? std::uint8_t{1} : std::uint8_t{0}});
                append_varint(v.end.group, body);
                append_varint(v.end.object, body);
                put_params(v.params, body);
                append_key_values(v.track_properties, body);
            } else if constexpr (std::is_same_v<T, publish_namespace>) {
                append_varint(v.request_id, body);
                put_namespace(v.track_ns, body);
                put_params(v.params, body);
            } else if constexpr (std::is_same_v<T, namespace_msg> || std::is_same_v<T, namespace_done>) {
                put_namespace(v.suffix, body);
            } else {
                static_assert(std::is_base_of_v<subscribe_namespace, T>);
                append_varint(v.request_id, body);
                put_namespace(v.prefix, body);
                put_params(v.params, body);
            }
        },
        m);
    if (body.size() > 0xffff) return errc::bad_message;
    append_varint(type_of(m), out);
    out.push_back(static_cast<std::byte>(body.size() >> 8));
    out.push_back(static_cast<std::byte>(body.size() & 0xff));
    out.insert(out.end(), body.begin(), body.end());
    return {};
}

// ---- message_reader ----------------------------------------------------------

std::error_code message_reader::feed(byte_span in) {
    if (error_) return error_;
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    std::size_t used = 0;
    for (;;) {
        const byte_span rest = byte_span(buffer_).subspan(used);
        const auto type = read_varint(rest);
        if (!type || rest.size() < type->size + 2) break;
        // 10: Length is a 16-bit field; bound it before waiting for the body.
        const auto length = static_cast<std::size_t>(load_be(rest.data() + type->size, 2));
        if (length > limits_.max_message) return error_ = errc::limit_exceeded;
        const std::size_t header = type->size + 2;
        if (rest.size() - header < length) break;
        auto m = decode_message(type->value, rest.subspan(header, length));
        if (!m) return error_ = m.error();
        ready_.push_back(std::move(*m));
        used += header + length;
    }
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(used));
    return {};
}

std::optional<message> message_reader::next() {
    if (next_ready_ == ready_.size()) {
        ready_.clear();
        next_ready_ = 0;
        return std::nullopt;
    }
    return std::move(ready_[next_ready_++]);
}

}  // namespace lal::moqt::draft20
