// SPDX-License-Identifier: MIT
#include <lal/flv/amf0.hpp>

#include <bit>

namespace lal::flv::amf0 {
namespace {

// Recursive descent over one reader. Every length read from the wire is
// checked against the bytes remaining before anything is allocated.
class decoder {
public:
    decoder(lal::byte_reader& in, const decode_options& options) : in_(in), options_(options) {}

    lal::result<value> read_value() {
        auto m = in_.u8();
        if (!m) return errc::truncated;
        switch (static_cast<marker>(*m)) {
        case marker::number: {
            auto d = read_double();
            if (!d) return errc::truncated;
            return value(*d);
        }
        case marker::boolean: {
            auto b = in_.u8();
            if (!b) return errc::truncated;
            return value(*b != 0);
        }
        case marker::string: {
            std::string s;
            if (!read_utf8(s)) return errc::truncated;
            return value(std::move(s));
        }
        case marker::long_string: {
            std::string s;
            if (!read_utf8_long(s)) return errc::truncated;
            return value(std::move(s));
        }
        case marker::object: {
            object o;
            if (auto ec = read_container(o.properties)) return ec;
            return value(std::move(o));
        }
        case marker::null: return value(null{});
        case marker::undefined:
        case marker::unsupported: return value(undefined{});
        case marker::reference: {
            auto idx = in_.u16();
            if (!idx) return errc::truncated;
            return value(reference{*idx});
        }
        case marker::ecma_array: {
            // AMF0 spec 2.10: the count is only a hint; pairs run to the object end.
            auto count = in_.u32();
            if (!count) return errc::truncated;
            ecma_array e;
            e.declared_count = *count;
            if (auto ec = read_container(e.properties)) return ec;
            return value(std::move(e));
        }
        case marker::object_end: return errc::amf0_unexpected_object_end;
        case marker::strict_array: return read_strict_array();
        case marker::date: {
            auto ms = read_double();
            if (!ms) return errc::truncated;
            auto tz = in_.u16();
            if (!tz) return errc::truncated;
            return value(date{*ms, static_cast<std::int16_t>(*tz)});
        }
        case marker::xml_document: {
            xml_document x;
            if (!read_utf8_long(x.text)) return errc::truncated;
            return value(std::move(x));
        }
        case marker::typed_object: {
            typed_object t;
            if (!read_utf8(t.class_name)) return errc::truncated;
            if (auto ec = read_container(t.properties)) return ec;
            return value(std::move(t));
        }
        case marker::avmplus_object: return errc::amf0_amf3_unsupported;
        case marker::movieclip:
        case marker::recordset: break;
        }
        return errc::amf0_unknown_marker;
    }

private:
    std::optional<double> read_double() {
        auto bits = in_.u64();
        if (!bits) return std::nullopt;
        return std::bit_cast<double>(*bits);
    }

    bool read_utf8(std::string& out) {
        auto len = in_.u16();
        if (!len) return false;
        auto b = in_.bytes(*len);
        if (!b) return false;
        out.assign(lal::as_string_view(*b));
        return true;
    }

    bool read_utf8_long(std::string& out) {
        auto len = in_.u32();
        if (!len) return false;
        auto b = in_.bytes(*len);
        if (!b) return false;
        out.assign(lal::as_string_view(*b));
        return true;
    }

    // Enters one level of nesting; the guard leaves it again.
    struct level {
        std::size_t& depth;
        ~level() { --depth; }
    };

    // AMF0 spec 2.5: key/value pairs until an empty key followed by 0x09.
    std::error_code read_container(std::vector<property>& out) {
        if (++depth_ > options_.max_depth) {
            --depth_;
            return errc::amf0_too_deep;
        }
        level guard{depth_};
        for (;;) {
            std::string key;
            if (!read_utf8(key)) return errc::truncated;
            if (key.empty()) {
                auto next = in_.peek_u8();
                if (!next) return errc::truncated;
                if (*next == static_cast<std::uint8_t>(marker::object_end)) {
                    in_.skip(1);
                    return {};
                }
                // An empty key with a real value is legal UTF-8-empty; keep it.
            }
            auto v = read_value();
            if (!v) return v.error();
            out.emplace_back(std::move(key), std::move(*v));
        }
    }

    lal::result<value> read_strict_array() {
        auto count = in_.u32();
        if (!count) return errc::truncated;
        // Each element takes at least its marker byte: a larger count cannot fit.
        if (*count > in_.remaining()) return errc::truncated;
        if (++depth_ > options_.max_depth) {
            --depth_;
            return errc::amf0_too_deep;
        }
        level guard{depth_};
        strict_array a;
        a.items.reserve(*count);
        for (std::uint32_t i = 0; i < *count; ++i) {
            auto v = read_value();
            if (!v) return v.error();
            a.items.push_back(std::move(*v));
        }
        return value(std::move(a));
    }

    lal::byte_reader& in_;
    const decode_options& options_;
    std::size_t depth_ = 0;
};

}  // namespace

lal::result<value> decode(lal::byte_reader& in, const decode_options& options) {
    lal::byte_reader work = in;  // commit the position only on success
    decoder d(work, options);
    auto v = d.read_value();
    if (v) in = work;
    return v;
}

lal::result<std::vector<value>> decode_all(lal::byte_span in, const decode_options& options) {
    lal::byte_reader r(in);
    std::vector<value> out;
    while (!r.empty()) {
        auto v = decode(r, options);
        if (!v) return v.error();
        out.push_back(std::move(*v));
    }
    return out;
}

}  // namespace lal::flv::amf0
