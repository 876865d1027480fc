// SPDX-License-Identifier: MIT
// The MoQT wire codec of draft-ietf-moq-transport-20. A later draft gets a
// sibling namespace (draft21) with the same shape; section numbers below are
// draft-20's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/moqt/error.hpp>

namespace lal::moqt::draft20 {

/// The ALPN and WebTransport subprotocol of this draft (3.1).
inline constexpr std::string_view alpn = "moqt-20";

/// Control message types (10, Table 5).
namespace message_type {
inline constexpr std::uint64_t setup = 0x2f00;
inline constexpr std::uint64_t goaway = 0x10;
inline constexpr std::uint64_t subscribe = 0x3;
inline constexpr std::uint64_t subscribe_ok = 0x4;
inline constexpr std::uint64_t publish_state_notify = 0x22;
inline constexpr std::uint64_t publish = 0x1d;
inline constexpr std::uint64_t publish_done = 0xb;
inline constexpr std::uint64_t fetch = 0x16;
inline constexpr std::uint64_t fetch_ok = 0x18;
inline constexpr std::uint64_t track_status = 0xd;
inline constexpr std::uint64_t publish_namespace = 0x6;
inline constexpr std::uint64_t subscribe_namespace = 0x50;
inline constexpr std::uint64_t subscribe_tracks = 0x51;
inline constexpr std::uint64_t namespace_ = 0x8;
inline constexpr std::uint64_t namespace_done = 0xe;
inline constexpr std::uint64_t request_update = 0x2;
inline constexpr std::uint64_t request_ok = 0x7;
inline constexpr std::uint64_t request_error = 0x5;
}  // namespace message_type

/// Unidirectional stream types besides SETUP and SUBGROUP_HEADER (3.4).
inline constexpr std::uint64_t fetch_header_type = 0x05;
inline constexpr std::uint64_t padding_stream_type = 0x132b3e28;
inline constexpr std::uint64_t padding_datagram_type = 0x132b3e29;

/// Setup Option types (10.3.1).
namespace setup_option {
inline constexpr std::uint64_t path = 0x01;
inline constexpr std::uint64_t authorization_token = 0x03;
inline constexpr std::uint64_t max_auth_token_cache_size = 0x04;
inline constexpr std::uint64_t authority = 0x05;
inline constexpr std::uint64_t max_filter_ranges = 0x06;
inline constexpr std::uint64_t moqt_implementation = 0x07;
inline constexpr std::uint64_t max_request_updates = 0x08;
}  // namespace setup_option

/// Message Parameter types (10.2.2 - 10.2.21).
namespace param {
inline constexpr std::uint64_t object_delivery_timeout = 0x02;
inline constexpr std::uint64_t authorization_token = 0x03;
inline constexpr std::uint64_t rendezvous_timeout = 0x04;
inline constexpr std::uint64_t subgroup_delivery_timeout = 0x06;
inline constexpr std::uint64_t expires = 0x08;
inline constexpr std::uint64_t largest_object = 0x09;
inline constexpr std::uint64_t fill_timeout = 0x0a;
inline constexpr std::uint64_t forward = 0x10;
inline constexpr std::uint64_t subscriber_priority = 0x20;
inline constexpr std::uint64_t location_filter = 0x21;
inline constexpr std::uint64_t group_order = 0x22;
inline constexpr std::uint64_t fill_parameters = 0x23;
inline constexpr std::uint64_t subgroup_filter = 0x25;
inline constexpr std::uint64_t objectid_filter = 0x26;
inline constexpr std::uint64_t priority_filter = 0x27;
inline constexpr std::uint64_t object_property_filter = 0x28;
inline constexpr std::uint64_t track_property_filter = 0x29;
inline constexpr std::uint64_t new_group_request = 0x32;
inline constexpr std::uint64_t track_namespace_prefix = 0x34;
inline constexpr std::uint64_t include_properties = 0x35;
}  // namespace param

/// REQUEST_ERROR codes (15.11.2).
namespace request_error_code {
inline constexpr std::uint64_t internal_error = 0x0;
inline constexpr std::uint64_t unauthorized = 0x1;
inline constexpr std::uint64_t timeout = 0x2;
inline constexpr std::uint64_t not_supported = 0x3;
inline constexpr std::uint64_t going_away = 0x6;
inline constexpr std::uint64_t excessive_load = 0x9;
inline constexpr std::uint64_t does_not_exist = 0x10;
inline constexpr std::uint64_t invalid_range = 0x11;
inline constexpr std::uint64_t uninterested = 0x20;
inline constexpr std::uint64_t redirect = 0x34;
inline constexpr std::uint64_t invalid_filter = 0x36;
}  // namespace request_error_code

/// PUBLISH_DONE status codes (15.11.3).
namespace publish_done_code {
inline constexpr std::uint64_t internal_error = 0x0;
inline constexpr std::uint64_t unauthorized = 0x1;
inline constexpr std::uint64_t track_ended = 0x2;
inline constexpr std::uint64_t going_away = 0x4;
inline constexpr std::uint64_t too_far_behind = 0x5;
inline constexpr std::uint64_t expired = 0x6;
inline constexpr std::uint64_t update_failed = 0x8;
}  // namespace publish_done_code

/// Largest sizes the draft allows (1.4.3, 1.4.4, 2.4.1, 10.4).
inline constexpr std::size_t max_kvp_length = 65535;
inline constexpr std::size_t max_reason_length = 1024;
inline constexpr std::size_t max_namespace_fields = 32;
inline constexpr std::size_t max_full_name_length = 4096;
inline constexpr std::size_t max_uri_length = 8192;

/// {Group, Object} (1.4.2), ordered as the draft orders Locations.
struct location {
    std::uint64_t group = 0;
    std::uint64_t object = 0;
    friend auto operator<=>(const location&, const location&) = default;
};

/// A Key-Value-Pair (1.4.3): an even type holds a varint, an odd type bytes.
struct key_value {
    std::uint64_t type = 0;
    std::uint64_t number = 0;            ///< value when type is even
    std::vector<std::byte> bytes;        ///< value when type is odd
    friend bool operator==(const key_value&, const key_value&) = default;
};

/// A sequence of Key-Value-Pairs (Setup Options, Track and Object Properties).
using key_values = std::vector<key_value>;

/// Parses Key-Value-Pairs filling all of `in` (delta-coded types, 1.4.3).
result<key_values> parse_key_values(byte_span in, std::size_t max_pairs = 64);
/// Appends `kvs` sorted by type, delta-coded.
void append_key_values(key_values kvs, std::vector<std::byte>& out);

/// One Message Parameter (10.2). Which member holds the value depends on
/// the type: `number` (varint, uint8), `where` (Location) or `bytes`.
struct parameter {
    std::uint64_t type = 0;
    std::uint64_t number = 0;
    location where{};
    std::vector<std::byte> bytes;
    friend bool operator==(const parameter&, const parameter&) = default;
};

/// Message Parameters in wire (ascending type) order.
using parameters = std::vector<parameter>;

/// The first parameter of `type`, or nullptr.
const parameter* find_param(const parameters& ps, std::uint64_t type) noexcept;

/// A Track Namespace: 0 to 32 non-empty fields (2.4.1).
using track_namespace = std::vector<std::string>;

/// A Location Filter (5.1.2); the fields present say how it is read.
struct location_filter {
    std::optional<std::uint64_t> start_group;
    std::optional<std::uint64_t> start_object;
    std::optional<std::uint64_t> end_group_delta;
    std::optional<std::uint64_t> end_object;
    friend bool operator==(const location_filter&, const location_filter&) = default;
};

/// Parses a LOCATION_FILTER parameter value: zero to four varints filling it.
result<location_filter> parse_location_filter(byte_span value);
/// Encodes a Location Filter as a LOCATION_FILTER parameter value.
std::vector<std::byte> encode_location_filter(const location_filter& f);

/// Where a subscription with `filter` starts when the publisher's Largest
/// Object is `largest` (nullopt: nothing published yet), per 5.1.2.
location subscription_start(const std::optional<location_filter>& filter, const std::optional<location>& largest);

/// SETUP (10.3), the first message on each control stream.
struct setup {
    key_values options;
};
/// GOAWAY (10.4).
struct goaway {
    std::string new_session_uri;
    std::uint64_t timeout_ms = 0;
};
/// SUBSCRIBE (10.7); TRACK_STATUS (10.15) and FETCH (10.13) share its layout.
struct subscribe {
    std::uint64_t request_id = 0;
    track_namespace track_ns;
    std::string track_name;
    parameters params;
};
/// TRACK_STATUS (10.15).
struct track_status : subscribe {};
/// FETCH (10.13).
struct fetch : subscribe {};
/// SUBSCRIBE_OK (10.8).
struct subscribe_ok {
    std::uint64_t track_alias = 0;
    parameters params;
    key_values track_properties;
};
/// REQUEST_OK (10.5).
struct request_ok {
    parameters params;
    key_values track_properties;
};
/// Where to retry a refused request (10.6.1).
struct redirect {
    std::string connect_uri;
    track_namespace track_ns;
    std::string track_name;
};
/// REQUEST_ERROR (10.6.2).
struct request_error {
    std::uint64_t error_code = 0;
    std::uint64_t retry_interval = 0;
    std::string reason;
    std::optional<redirect> redirect_to;  ///< present exactly when error_code is REDIRECT
};
/// REQUEST_UPDATE (10.9).
struct request_update {
    std::uint64_t request_id = 0;
    parameters params;
};
/// PUBLISH_STATE_NOTIFY (10.10).
struct publish_state_notify {
    parameters params;
};
/// PUBLISH (10.11).
struct publish {
    std::uint64_t request_id = 0;
    track_namespace track_ns;
    std::string track_name;
    std::uint64_t track_alias = 0;
    parameters params;
    key_values track_properties;
};
/// PUBLISH_DONE (10.12).
struct publish_done {
    std::uint64_t status_code = 0;
    std::uint64_t stream_count = 0;
    std::string reason;
};
/// FETCH_OK (10.14).
struct fetch_ok {
    bool end_of_track = false;
    location end{};
    parameters params;
    key_values track_properties;
};
/// PUBLISH_NAMESPACE (10.16).
struct publish_namespace {
    std::uint64_t request_id = 0;
    track_namespace track_ns;
    parameters params;
};
/// NAMESPACE (10.17): a suffix after the subscribed prefix.
struct namespace_msg {
    track_namespace suffix;
};
/// NAMESPACE_DONE (10.18).
struct namespace_done {
    track_namespace suffix;
};
/// SUBSCRIBE_NAMESPACE (10.19).
struct subscribe_namespace {
    std::uint64_t request_id = 0;
    track_namespace prefix;
    parameters params;
};
/// SUBSCRIBE_TRACKS (10.20).
struct subscribe_tracks : subscribe_namespace {};

/// Any control message of this draft.
using message = std::variant<setup, goaway, subscribe, track_status, fetch, subscribe_ok, request_ok, request_error,
                             request_update, publish_state_notify, publish, publish_done, fetch_ok, publish_namespace,
                             namespace_msg, namespace_done, subscribe_namespace, subscribe_tracks>;

/// The wire type of `m`.
std::uint64_t type_of(const message& m) noexcept;

/// Decodes one message body (after Type and Length) of `type`.
result<message> decode_message(std::uint64_t type, byte_span body);

/// Appends Type, Length (16 bits) and body (10). bad_message when the body
/// would exceed 65535 bytes.
std::error_code append_message(const message& m, std::vector<std::byte>& out);

/// Limits of message_reader.
struct reader_limits {
    std::size_t max_message = 65535;  ///< longest body kept (the Length field's own bound)
};

/// Splits a control or request stream into messages whatever the cut points,
/// bounding each by its Length before buffering it. Dead after an error.
class message_reader {
public:
    /// A reader with `limits`.
    explicit message_reader(reader_limits limits = {}) : limits_(limits) {}
    /// Consumes all of `in`.
    std::error_code feed(byte_span in);
    /// The next decoded message; empty when more input is needed.
    std::optional<message> next();
    /// True when no partial message is held (a FIN here is clean).
    bool at_boundary() const noexcept { return buffer_.empty(); }

private:
    reader_limits limits_;
    std::vector<std::byte> buffer_;
    std::vector<message> ready_;
    std::size_t next_ready_ = 0;
    std::error_code error_;
};

// ---- Data plane (11) -------------------------------------------------------

/// Object Status values (11.2.1.1).
namespace object_status {
inline constexpr std::uint64_t normal = 0x0;
inline constexpr std::uint64_t end_of_group = 0x3;
inline constexpr std::uint64_t end_of_track = 0x4;
}  // namespace object_status

/// SUBGROUP_HEADER (11.4.2) with its Type Flags unpacked.
struct subgroup_header {
    std::uint64_t track_alias = 0;
    std::uint64_t group_id = 0;
    std::uint64_t subgroup_id = 0;
    std::optional<std::uint8_t> priority;  ///< absent: the subscription's default (DEFAULT_PRIORITY)
    bool has_properties = false;           ///< every object carries a Properties field
    bool end_of_group = false;             ///< holds the largest Object of the Group
    bool first_object = false;             ///< starts with the subgroup's first Object
    /// SUBGROUP_ID_MODE: 0 id is 0, 1 id is the first Object ID, 2 id present.
    std::uint8_t subgroup_id_mode = 2;
    friend bool operator==(const subgroup_header&, const subgroup_header&) = default;
};

/// One Object read from, or written to, a subgroup stream (11.4.2).
struct subgroup_object {
    std::uint64_t object_id = 0;
    std::uint64_t status = object_status::normal;
    key_values properties;
    std::vector<std::byte> payload;
    friend bool operator==(const subgroup_object&, const subgroup_object&) = default;
};

/// Appends a SUBGROUP_HEADER (mode 0 and 1 leave the Subgroup ID out).
void append_subgroup_header(const subgroup_header& h, std::vector<std::byte>& out);

/// Appends an Object's fields; `previous_id` is the prior Object ID on the
/// stream (none for the first), and `object_id` must be larger.
void append_subgroup_object(const subgroup_header& h, std::optional<std::uint64_t> previous_id,
                            const subgroup_object& o, std::vector<std::byte>& out);

/// Limits of subgroup_reader.
struct subgroup_limits {
    std::size_t max_payload = 4 * 1024 * 1024;  ///< largest Object payload kept
};

/// Reads a subgroup stream after its stream type: the header, then Objects,
/// whatever the cut points. Dead after an error.
class subgroup_reader {
public:
    /// A reader with `limits`.
    explicit subgroup_reader(subgroup_limits limits = {}) : limits_(limits) {}
    /// Consumes all of `in` (the stream from its first byte, the Type Flags).
    std::error_code feed(byte_span in);
    /// The header once read.
    const std::optional<subgroup_header>& header() const noexcept { return header_; }
    /// The next complete Object; empty when more input is needed.
    std::optional<subgroup_object> next();
    /// True when no partial Object is held (a FIN here is clean, 11.4).
    bool at_boundary() const noexcept { return header_ && buffer_.empty(); }

private:
    std::error_code parse();

    subgroup_limits limits_;
    std::optional<subgroup_header> header_;
    std::optional<std::uint64_t> previous_id_;
    std::vector<std::byte> buffer_;
    std::vector<subgroup_object> ready_;
    std::size_t next_ready_ = 0;
    std::error_code error_;
};

/// An OBJECT_DATAGRAM (11.3.1).
struct object_datagram {
    std::uint64_t track_alias = 0;
    std::uint64_t group_id = 0;
    std::uint64_t object_id = 0;
    std::optional<std::uint8_t> priority;
    bool end_of_group = false;
    std::optional<std::uint64_t> status;  ///< set: a status datagram with no payload
    key_values properties;
    std::vector<std::byte> payload;
    friend bool operator==(const object_datagram&, const object_datagram&) = default;
};

/// Parses one datagram; invalid Type Flags are bad_object (11.3.1).
result<object_datagram> parse_object_datagram(byte_span in);
/// Appends a datagram with the smallest Type Flags that carry `d`.
void append_object_datagram(const object_datagram& d, std::vector<std::byte>& out);

/// Appends a FETCH_HEADER (11.4.4): type 0x05 and the Request ID.
void append_fetch_header(std::uint64_t request_id, std::vector<std::byte>& out);

}  // namespace lal::moqt::draft20
