// SPDX-License-Identifier: MIT
#pragma once

// AMF0 (Adobe "Action Message Format -- AMF 0", December 2007): the value
// encoding of FLV script data and of RTMP command messages.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include <lal/base/byte_reader.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>

namespace lal::flv::amf0 {

/// AMF0 type markers (AMF0 spec 2.1).
enum class marker : std::uint8_t {
    number = 0x00,
    boolean = 0x01,
    string = 0x02,
    object = 0x03,
    movieclip = 0x04,  // reserved, never decoded
    null = 0x05,
    undefined = 0x06,
    reference = 0x07,
    ecma_array = 0x08,
    object_end = 0x09,
    strict_array = 0x0a,
    date = 0x0b,
    long_string = 0x0c,
    unsupported = 0x0d,  // decoded as undefined: it carries no data either
    recordset = 0x0e,    // reserved, never decoded
    xml_document = 0x0f,
    typed_object = 0x10,
    avmplus_object = 0x11,  // switch to AMF3, not supported
};

class value;
struct property;

namespace detail {
/// Arithmetic types other than bool and double, which value stores as a double.
template <class N>
concept number_like = std::is_arithmetic_v<N> && !std::is_same_v<N, bool> && !std::is_same_v<N, double>;
}  // namespace detail

/// The null value (AMF0 spec 2.7).
struct null {
    friend bool operator==(null, null) noexcept { return true; }
};
/// The undefined value (AMF0 spec 2.8).
struct undefined {
    friend bool operator==(undefined, undefined) noexcept { return true; }
};
/// A reference to an earlier complex value by index (AMF0 spec 2.9); kept as is, never resolved.
struct reference {
    std::uint16_t index = 0;
    friend bool operator==(reference, reference) noexcept = default;
};
/// A date: milliseconds since the Unix epoch plus a reserved time zone (AMF0 spec 2.13).
struct date {
    double ms = 0;
    std::int16_t timezone = 0;
    friend bool operator==(date, date) noexcept = default;
};
/// An XML document, kept as text (AMF0 spec 2.17).
struct xml_document {
    std::string text;
    friend bool operator==(const xml_document&, const xml_document&) = default;
};

/// Ordered key/value pairs, shared by object, ECMA array and typed object.
/// Order is preserved so that decode + encode reproduces the input bytes.
struct property_map {
    std::vector<property> properties;

    property_map() = default;
    /// Builds from pairs: `amf0::object{{"app", "live"}, {"tcUrl", "rtmp://h/live"}}`.
    property_map(std::initializer_list<property> init);

    /// The value of the first property named `key`, or nullptr.
    const value* get(std::string_view key) const noexcept;
    /// The value of the first property named `key`, or nullptr.
    value* get(std::string_view key) noexcept;
    /// Replaces the value of `key`, or appends the pair when the key is new.
    void set(std::string key, value v);
    /// Number of properties.
    std::size_t size() const noexcept;
};

/// An anonymous object (AMF0 spec 2.5).
struct object : property_map {
    using property_map::property_map;
    friend bool operator==(const object& a, const object& b);
};

/// An ECMA (associative) array (AMF0 spec 2.10). `declared_count` is the
/// count read from the wire (writers often get it wrong, so it is only a hint);
/// the encoder writes it when set and `properties.size()` otherwise. Equality ignores it.
struct ecma_array : property_map {
    using property_map::property_map;
    std::optional<std::uint32_t> declared_count;
    friend bool operator==(const ecma_array& a, const ecma_array& b);
};

/// An object with a registered class name (AMF0 spec 2.18).
struct typed_object : property_map {
    std::string class_name;
    typed_object() = default;
    /// A typed object of class `name` with the given properties.
    typed_object(std::string name, std::initializer_list<property> init);
    friend bool operator==(const typed_object& a, const typed_object& b);
};

/// A dense array (AMF0 spec 2.12).
struct strict_array {
    std::vector<value> items;
    strict_array() = default;
    /// Builds from values: `amf0::strict_array{1.0, "two", amf0::null{}}`.
    strict_array(std::initializer_list<value> init);
    friend bool operator==(const strict_array& a, const strict_array& b);
};

/// The kind of value held, in the order of value::storage's alternatives.
enum class type {
    null,
    undefined,
    number,
    boolean,
    string,
    object,
    ecma_array,
    strict_array,
    date,
    reference,
    typed_object,
    xml_document,
};

/// One AMF0 value. Short and long strings both decode to std::string; the
/// encoder picks the long-string marker only when the text exceeds 65535 bytes.
/// Default-constructed it is null. Accessors of the wrong type return nullptr
/// or nullopt, never throw.
class value {
public:
    using storage = std::variant<null, undefined, double, bool, std::string, object, ecma_array,
                                 strict_array, date, reference, typed_object, xml_document>;

    // The constructors are defined after `property`: constructing the variant
    // needs the destructor of std::vector<property>, so `property` must be
    // complete there (g++ defers that check to the end of the file, clang does not).
    value() noexcept;
    value(null) noexcept;
    value(undefined v) noexcept;
    value(double v) noexcept;
    /// Any integer or float becomes an AMF0 number (a double).
    template <detail::number_like N>
    value(N v) noexcept;
    value(bool v) noexcept;
    value(const char* v);
    value(std::string_view v);
    value(std::string v) noexcept;
    value(object v) noexcept;
    value(ecma_array v) noexcept;
    value(strict_array v) noexcept;
    value(date v) noexcept;
    value(reference v) noexcept;
    value(typed_object v) noexcept;
    value(xml_document v) noexcept;

    /// Which alternative is held.
    amf0::type type() const noexcept { return static_cast<amf0::type>(v_.index()); }
    bool is_null() const noexcept { return type() == amf0::type::null; }
    bool is_undefined() const noexcept { return type() == amf0::type::undefined; }
    bool is_number() const noexcept { return type() == amf0::type::number; }
    bool is_boolean() const noexcept { return type() == amf0::type::boolean; }
    bool is_string() const noexcept { return type() == amf0::type::string; }
    bool is_object() const noexcept { return type() == amf0::type::object; }
    bool is_ecma_array() const noexcept { return type() == amf0::type::ecma_array; }
    bool is_strict_array() const noexcept { return type() == amf0::type::strict_array; }
    bool is_date() const noexcept { return type() == amf0::type::date; }
    bool is_reference() const noexcept { return type() == amf0::type::reference; }
    bool is_typed_object() const noexcept { return type() == amf0::type::typed_object; }
    bool is_xml_document() const noexcept { return type() == amf0::type::xml_document; }

    /// The number, or nullopt for any other type.
    std::optional<double> as_number() const noexcept;
    /// The boolean, or nullopt for any other type.
    std::optional<bool> as_boolean() const noexcept;
    /// The string (a view into this value), or nullopt for any other type.
    std::optional<std::string_view> as_string() const noexcept;
    /// The object, or nullptr for any other type.
    const object* as_object() const noexcept { return std::get_if<object>(&v_); }
    /// The ECMA array, or nullptr for any other type.
    const ecma_array* as_ecma_array() const noexcept { return std::get_if<ecma_array>(&v_); }
    /// The strict array, or nullptr for any other type.
    const strict_array* as_strict_array() const noexcept { return std::get_if<strict_array>(&v_); }
    /// The date, or nullptr for any other type.
    const date* as_date() const noexcept { return std::get_if<date>(&v_); }
    /// The typed object, or nullptr for any other type.
    const typed_object* as_typed_object() const noexcept { return std::get_if<typed_object>(&v_); }
    /// Pointer to alternative T (e.g. amf0::reference), or nullptr.
    template <class T>
    const T* get_if() const noexcept { return std::get_if<T>(&v_); }
    template <class T>
    T* get_if() noexcept { return std::get_if<T>(&v_); }

    /// The properties of an object, ECMA array or typed object; nullptr otherwise.
    const std::vector<property>* properties() const noexcept;
    /// Property `key` of an object, ECMA array or typed object; nullptr if absent or not a map.
    const value* get(std::string_view key) const noexcept;

    /// The underlying variant, for std::visit.
    const storage& variant() const noexcept { return v_; }
    storage& variant() noexcept { return v_; }

    friend bool operator==(const value& a, const value& b);

private:
    storage v_;
};

/// One key/value pair of an object, ECMA array or typed object.
struct property {
    std::string key;
    amf0::value value;

    property() = default;
    property(std::string k, amf0::value v) : key(std::move(k)), value(std::move(v)) {}
    friend bool operator==(const property& a, const property& b) = default;
};

inline std::size_t property_map::size() const noexcept { return properties.size(); }

inline value::value() noexcept = default;
inline value::value(null) noexcept {}
inline value::value(undefined v) noexcept : v_(v) {}
inline value::value(double v) noexcept : v_(v) {}
template <detail::number_like N>
inline value::value(N v) noexcept : v_(static_cast<double>(v)) {}
inline value::value(bool v) noexcept : v_(v) {}
inline value::value(const char* v) : v_(std::string(v)) {}
inline value::value(std::string_view v) : v_(std::string(v)) {}
inline value::value(std::string v) noexcept : v_(std::move(v)) {}
inline value::value(object v) noexcept : v_(std::move(v)) {}
inline value::value(ecma_array v) noexcept : v_(std::move(v)) {}
inline value::value(strict_array v) noexcept : v_(std::move(v)) {}
inline value::value(date v) noexcept : v_(v) {}
inline value::value(reference v) noexcept : v_(v) {}
inline value::value(typed_object v) noexcept : v_(std::move(v)) {}
inline value::value(xml_document v) noexcept : v_(std::move(v)) {}

/// Default nesting limit of the decoder.
inline constexpr std::size_t default_max_depth = 64;

/// Decoder settings.
struct decode_options {
    /// Maximum number of nested objects/arrays; deeper input fails with errc::amf0_too_deep.
    std::size_t max_depth = default_max_depth;
};

/// Decodes one value from `in`. On success the reader is moved past it; on
/// failure it is left where it was. Errors: truncated, amf0_unknown_marker,
/// amf0_amf3_unsupported, amf0_too_deep, amf0_unexpected_object_end.
lal::result<value> decode(lal::byte_reader& in, const decode_options& options = {});

/// Decodes every value in `in` (an RTMP command body or FLV script tag is a sequence).
lal::result<std::vector<value>> decode_all(lal::byte_span in, const decode_options& options = {});

/// Appends the encoding of `v` to `out`. Keys and class names longer than
/// 65535 bytes are cut to 65535 (AMF0 spec 2.3 gives them a 16-bit length).
void encode(const value& v, std::vector<std::byte>& out);

/// The encoding of `v` as a new vector.
std::vector<std::byte> encode(const value& v);

/// Appends the encodings of all `values`, in order.
void encode_all(std::span<const value> values, std::vector<std::byte>& out);

}  // namespace lal::flv::amf0
