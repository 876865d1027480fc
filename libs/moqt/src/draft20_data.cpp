// SPDX-License-Identifier: MIT
// Data streams and datagrams of draft-ietf-moq-transport-20 (section 11).
#include <lal/moqt/draft20.hpp>

#include <limits>

#include "cursor.hpp"

namespace lal::moqt::draft20 {

using detail::cursor;

namespace {

// 11.4.2 Type Flags bits.
constexpr std::uint64_t sg_properties = 0x01;
constexpr std::uint64_t sg_mode_mask = 0x06;
constexpr std::uint64_t sg_end_of_group = 0x08;
constexpr std::uint64_t sg_marker = 0x10;
constexpr std::uint64_t sg_default_priority = 0x20;
constexpr std::uint64_t sg_first_object = 0x40;

// 11.3.1 Type Flags bits.
constexpr std::uint64_t dg_properties = 0x01;
constexpr std::uint64_t dg_end_of_group = 0x02;
constexpr std::uint64_t dg_zero_object_id = 0x04;
constexpr std::uint64_t dg_default_priority = 0x08;
constexpr std::uint64_t dg_reserved = 0x10;
constexpr std::uint64_t dg_status = 0x20;

bool valid_status(std::uint64_t s) noexcept {
    return s == object_status::normal || s == object_status::end_of_group || s == object_status::end_of_track;
}

void put_properties(const key_values& props, std::vector<std::byte>& out) {
    std::vector<std::byte> body;
    append_key_values(props, body);
    append_varint(body.size(), out);
    detail::put_bytes(body, out);
}

}  // namespace

void append_subgroup_header(const subgroup_header& h, std::vector<std::byte>& out) {
    std::uint64_t flags = sg_marker | (std::uint64_t{h.subgroup_id_mode} << 1);
    if (h.has_properties) flags |= sg_properties;
    if (h.end_of_group) flags |= sg_end_of_group;
    if (!h.priority) flags |= sg_default_priority;
    if (h.first_object) flags |= sg_first_object;
    append_varint(flags, out);
    append_varint(h.track_alias, out);
    append_varint(h.group_id, out);
    if (h.subgroup_id_mode == 2) append_varint(h.subgroup_id, out);
    if (h.priority) out.push_back(static_cast<std::byte>(*h.priority));
}

void append_subgroup_object(const subgroup_header& h, std::optional<std::uint64_t> previous_id,
                            const subgroup_object& o, std::vector<std::byte>& out) {
    // 11.4.2: the first Object carries its ID, later ones the gap minus one.
    append_varint(previous_id ? o.object_id - *previous_id - 1 : o.object_id, out);
    if (h.has_properties) put_properties(o.properties, out);
    append_varint(o.payload.size(), out);
    if (o.payload.empty()) append_varint(o.status, out);
    detail::put_bytes(o.payload, out);
}

std::error_code subgroup_reader::feed(byte_span in) {
    if (error_) return error_;
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    error_ = parse();
    return error_;
}

std::error_code subgroup_reader::parse() {
    std::size_t used = 0;
    if (!header_) {
        cursor c(buffer_);
        auto flags = c.vi();
        if (!flags) return {};
        // 11.4.2: one-byte flags, bit 4 set, SUBGROUP_ID_MODE not 0b11.
        if (*flags >= 128 || !(*flags & sg_marker) || (*flags & sg_mode_mask) == sg_mode_mask) return errc::bad_object;
        subgroup_header h;
        h.has_properties = *flags & sg_properties;
        h.subgroup_id_mode = static_cast<std::uint8_t>((*flags & sg_mode_mask) >> 1);
        h.end_of_group = *flags & sg_end_of_group;
        h.first_object = *flags & sg_first_object;
        auto alias = c.vi();
        auto group = alias ? c.vi() : std::nullopt;
        if (!group) return {};
        h.track_alias = *alias;
        h.group_id = *group;
        if (h.subgroup_id_mode == 2) {
            auto id = c.vi();
            if (!id) return {};
            h.subgroup_id = *id;
        }
        if (!(*flags & sg_default_priority)) {
            auto p = c.u8();
            if (!p) return {};
            h.priority = *p;
        }
        header_ = h;
        used = c.position();
    }
    for (;;) {
        cursor c(byte_span(buffer_).subspan(used));
        auto delta = c.vi();
        if (!delta) break;
        subgroup_object o;
        if (previous_id_) {
            if (*delta >= std::numeric_limits<std::uint64_t>::max() - *previous_id_) return errc::bad_object;
            o.object_id = *previous_id_ + *delta + 1;
        } else {
            o.object_id = *delta;
        }
        if (header_->has_properties) {
            auto len = c.vi();
            if (!len) break;
            if (*len > limits_.max_payload) return errc::limit_exceeded;
            auto b = c.bytes(*len);
            if (!b) break;
            auto props = parse_key_values(*b);
            if (!props) return props.error();
            o.properties = std::move(*props);
        }
        auto length = c.vi();
        if (!length) break;
        if (*length > limits_.max_payload) return errc::limit_exceeded;  // bounded before buffering
        if (*length == 0) {
            auto status = c.vi();
            if (!status) break;
            if (!valid_status(*status)) return errc::bad_object;
            // 11.2.1.2: only Normal objects carry properties.
            if (*status != object_status::normal && !o.properties.empty()) return errc::bad_object;
            o.status = *status;
        } else {
            auto payload = c.bytes(*length);
            if (!payload) break;
            o.payload = to_vector(*payload);
        }
        if (!previous_id_ && header_->subgroup_id_mode == 1) header_->subgroup_id = o.object_id;
        previous_id_ = o.object_id;
        used += c.position();
        ready_.push_back(std::move(o));
    }
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(used));
    return {};
}

std::optional<subgroup_object> subgroup_reader::next() {
    if (next_ready_ == ready_.size()) {
        ready_.clear();
        next_ready_ = 0;
        return std::nullopt;
    }
    return std::move(ready_[next_ready_++]);
}

result<object_datagram> parse_object_datagram(byte_span in) {
    cursor c(in);
    auto flags = c.vi();
    if (!flags) return errc::truncated;
    constexpr std::uint64_t known = dg_properties | dg_end_of_group | dg_zero_object_id | dg_default_priority | dg_status;
    // 11.3.1: bit 4 reserved, unknown bits, and STATUS with END_OF_GROUP are invalid.
    if ((*flags & dg_reserved) || (*flags & ~known) || ((*flags & dg_status) && (*flags & dg_end_of_group)))
        return errc::bad_object;
    object_datagram d;
    auto alias = c.vi();
    auto group = alias ? c.vi() : std::nullopt;
    if (!group) return errc::truncated;
    d.track_alias = *alias;
    d.group_id = *group;
    if (!(*flags & dg_zero_object_id)) {
        auto id = c.vi();
        if (!id) return errc::truncated;
        d.object_id = *id;
    }
    if (!(*flags & dg_default_priority)) {
        auto p = c.u8();
        if (!p) return errc::truncated;
        d.priority = *p;
    }
    d.end_of_group = *flags & dg_end_of_group;
    if (*flags & dg_properties) {
        auto len = c.vi();
        if (!len) return errc::truncated;
        if (*len == 0) return errc::bad_object;  // 11.3.1: PROPERTIES set with length 0
        auto b = c.bytes(*len);
        if (!b) return errc::truncated;
        auto props = parse_key_values(*b);
        if (!props) return props.error();
        d.properties = std::move(*props);
    }
    if (*flags & dg_status) {
        auto status = c.vi();
        if (!status) return errc::truncated;
        if (!valid_status(*status)) return errc::bad_object;
        if (*status != object_status::normal && (*flags & dg_properties)) return errc::bad_object;
        d.status = *status;
        if (!c.done()) return errc::bad_object;
    } else {
        d.payload = to_vector(c.rest());
    }
    return d;
}

void append_object_datagram(const object_datagram& d, std::vector<std::byte>& out) {
    std::uint64_t flags = 0;
    if (!d.properties.empty()) flags |= dg_properties;
    if (d.status) flags |= dg_status;
    else if (d.end_of_group) flags |= dg_end_of_group;
    if (d.object_id == 0) flags |= dg_zero_object_id;
    if (!d.priority) flags |= dg_default_priority;
    append_varint(flags, out);
    append_varint(d.track_alias, out);
    append_varint(d.group_id, out);
    if (d.object_id != 0) append_varint(d.object_id, out);
    if (d.priority) out.push_back(static_cast<std::byte>(*d.priority));
    if (!d.properties.empty()) put_properties(d.properties, out);
    if (d.status) append_varint(*d.status, out);
    else detail::put_bytes(d.payload, out);
}

void append_fetch_header(std::uint64_t request_id, std::vector<std::byte>& out) {
    append_varint(fetch_header_type, out);
    append_varint(request_id, out);
}

}  // namespace lal::moqt::draft20
