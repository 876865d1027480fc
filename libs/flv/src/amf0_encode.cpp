// SPDX-License-Identifier: MIT
#include <lal/flv/amf0.hpp>

#include <bit>
#include <cstring>
#include <limits>

namespace lal::flv::amf0 {
namespace {

void put_marker(lal::byte_writer& w, marker m) { w.u8(static_cast<std::uint8_t>(m)); }

// AMF0 spec 2.2: an IEEE-754 double in network byte order.
void put_double(lal::byte_writer& w, double d) { w.u64(std::bit_cast<std::uint64_t>(d)); }

// AMF0 spec 1.3 UTF-8: a 16-bit length then the bytes, used for keys and short strings.
void put_utf8(lal::byte_writer& w, std::string_view s) {
    constexpr std::size_t max_len = std::numeric_limits<std::uint16_t>::max();
    if (s.size() > max_len) s = s.substr(0, max_len);
    w.u16(static_cast<std::uint16_t>(s.size()));
    w.bytes(lal::as_byte_span(s));
}

// AMF0 spec 1.3 UTF-8-long: a 32-bit length then the bytes.
void put_utf8_long(lal::byte_writer& w, std::string_view s) {
    w.u32(static_cast<std::uint32_t>(s.size()));
    w.bytes(lal::as_byte_span(s));
}

void put_value(lal::byte_writer& w, const value& v);

// AMF0 spec 2.5: pairs, then an empty key and the object-end marker.
void put_properties(lal::byte_writer& w, const std::vector<property>& props) {
    for (const auto& p : props) {
        put_utf8(w, p.key);
        put_value(w, p.value);
    }
    put_utf8(w, {});
    put_marker(w, marker::object_end);
}

struct encoder {
    lal::byte_writer& w;

    void operator()(null) const { put_marker(w, marker::null); }
    void operator()(undefined) const { put_marker(w, marker::undefined); }
    void operator()(double d) const {
        put_marker(w, marker::number);
        put_double(w, d);
    }
    void operator()(bool b) const {
        put_marker(w, marker::boolean);
        w.u8(b ? 1 : 0);
    }
    void operator()(const std::string& s) const {
        // AMF0 spec 2.14: long string only when the short form cannot hold it.
        if (s.size() > std::numeric_limits<std::uint16_t>::max()) {
            put_marker(w, marker::long_string);
            put_utf8_long(w, s);
        } else {
            put_marker(w, marker::string);
            put_utf8(w, s);
        }
    }
    void operator()(const object& o) const {
        put_marker(w, marker::object);
        put_properties(w, o.properties);
    }
    void operator()(const ecma_array& e) const {
        put_marker(w, marker::ecma_array);
        w.u32(e.declared_count.value_or(static_cast<std::uint32_t>(e.properties.size())));
        put_properties(w, e.properties);
    }
    void operator()(const strict_array& a) const {
        put_marker(w, marker::strict_array);
        w.u32(static_cast<std::uint32_t>(a.items.size()));
        for (const auto& item : a.items) put_value(w, item);
    }
    void operator()(const date& d) const {
        put_marker(w, marker::date);
        put_double(w, d.ms);
        w.u16(static_cast<std::uint16_t>(d.timezone));
    }
    void operator()(reference r) const {
        put_marker(w, marker::reference);
        w.u16(r.index);
    }
    void operator()(const typed_object& t) const {
        put_marker(w, marker::typed_object);
        put_utf8(w, t.class_name);
        put_properties(w, t.properties);
    }
    void operator()(const xml_document& x) const {
        put_marker(w, marker::xml_document);
        put_utf8_long(w, x.text);
    }
};

void put_value(lal::byte_writer& w, const value& v) { std::visit(encoder{w}, v.variant()); }

}  // namespace

void encode(const value& v, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    put_value(w, v);
}

std::vector<std::byte> encode(const value& v) {
    std::vector<std::byte> out;
    encode(v, out);
    return out;
}

void encode_all(std::span<const value> values, std::vector<std::byte>& out) {
    lal::byte_writer w(out);
    for (const auto& v : values) put_value(w, v);
}

}  // namespace lal::flv::amf0
