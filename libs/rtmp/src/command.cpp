// SPDX-License-Identifier: MIT
#include <lal/rtmp/command.hpp>

#include <algorithm>

#include <lal/base/byte_reader.hpp>
#include <lal/rtmp/error.hpp>

namespace lal::rtmp {
namespace {

constexpr std::string_view set_data_frame = "@setDataFrame";
constexpr std::string_view on_metadata = "onMetaData";

// RTMP spec 7.1.1/7.1.2: the AMF3 forms of command and data messages start
// with a format byte of 0 followed, in practice, by AMF0 values.
byte_span amf0_body(const message& msg) {
    auto body = msg.body.bytes();
    bool amf3 = msg.type_id == message_type::command_amf3 || msg.type_id == message_type::data_amf3;
    if (amf3 && !body.empty() && body[0] == std::byte{0}) body = body.subspan(1);
    return body;
}

// Decodes values until the body ends or a value does not decode.
std::vector<amf0::value> decode_values(byte_reader& r) {
    std::vector<amf0::value> out;
    while (!r.empty()) {
        auto v = amf0::decode(r);
        if (!v) break;
        out.push_back(std::move(*v));
    }
    return out;
}

message encoded(std::uint8_t type_id, const std::vector<amf0::value>& values, std::uint32_t msid) {
    std::vector<std::byte> body;
    amf0::encode_all(values, body);
    message m;
    m.type_id = type_id;
    m.message_stream_id = msid;
    m.chunk_stream_id = chunk_stream::command;
    m.body = lal::payload::adopt(std::move(body));
    return m;
}

message simple(std::string_view name, double tid, std::vector<amf0::value> args, std::uint32_t msid = 0) {
    command c{std::string(name), tid, amf0::null{}, std::move(args)};
    return make_command(c, msid);
}

// A strict array of strings (AMF0 2.12), the type of fourCcList.
amf0::strict_array strings(const std::vector<std::string>& list) {
    amf0::strict_array a;
    for (const auto& s : list) a.items.emplace_back(s);
    return a;
}

amf0::object status_object(std::string_view level, std::string_view code, std::string_view description) {
    return amf0::object{{"level", level}, {"code", code}, {"description", description}};
}

}  // namespace

lal::result<command> parse_command(const message& msg) {
    byte_reader r(amf0_body(msg));
    auto values = decode_values(r);
    if (values.empty() || !values[0].is_string()) return errc::bad_command;
    command c;
    c.name = std::string(*values[0].as_string());
    // RTMP spec 7.2: transaction id then command object; some peers leave them out.
    if (values.size() > 1) c.transaction_id = values[1].as_number().value_or(0);
    if (values.size() > 2) c.object = std::move(values[2]);
    for (std::size_t i = 3; i < values.size(); ++i) c.args.push_back(std::move(values[i]));
    return c;
}

lal::result<data_message> parse_data(const message& msg) {
    byte_reader r(amf0_body(msg));
    auto values = decode_values(r);
    if (values.empty() || !values[0].is_string()) return errc::bad_command;
    data_message d;
    d.name = std::string(*values[0].as_string());
    d.values.assign(std::make_move_iterator(values.begin() + 1), std::make_move_iterator(values.end()));
    return d;
}

message make_command(const command& c, std::uint32_t message_stream_id) {
    std::vector<amf0::value> values;
    values.reserve(3 + c.args.size());
    values.emplace_back(c.name);
    values.emplace_back(c.transaction_id);
    values.push_back(c.object);
    values.insert(values.end(), c.args.begin(), c.args.end());
    return encoded(message_type::command_amf0, values, message_stream_id);
}

message make_data(std::string_view name, const std::vector<amf0::value>& values, std::uint32_t message_stream_id) {
    std::vector<amf0::value> all;
    all.reserve(values.size() + 1);
    all.emplace_back(name);
    all.insert(all.end(), values.begin(), values.end());
    return encoded(message_type::data_amf0, all, message_stream_id);
}

message make_connect(const connect_params& request, double transaction_id) {
    amf0::object o{{"app", request.app}};
    if (request.publish) o.set("type", "nonprivate");
    o.set("flashVer", request.flash_ver);
    o.set("tcUrl", request.tc_url);
    if (!request.publish) {
        // What Flash Player and librtmp announce: no proxy, all audio and video codecs.
        o.set("fpad", false);
        o.set("capabilities", 15);
        o.set("audioCodecs", 3191);
        o.set("videoCodecs", 252);
        o.set("videoFunction", 1);
    }
    o.set("objectEncoding", request.object_encoding);
    if (!request.fourcc_list.empty()) o.set("fourCcList", strings(request.fourcc_list));
    return make_command(command{"connect", transaction_id, std::move(o), {}});
}

std::vector<std::string> fourcc_list_of(const amf0::object& command_object) {
    std::vector<std::string> out;
    const auto* v = command_object.get("fourCcList");
    const auto* list = v ? v->as_strict_array() : nullptr;
    if (!list) return out;
    for (const auto& item : list->items) {
        if (auto s = item.as_string()) out.emplace_back(*s);
    }
    return out;
}

std::vector<std::string> answer_fourcc_list(const std::vector<std::string>& requested,
                                            const std::vector<std::string>& supported) {
    if (std::find(requested.begin(), requested.end(), "*") != requested.end()) return supported;
    std::vector<std::string> out;
    for (const auto& f : requested) {
        const bool known = std::find(supported.begin(), supported.end(), f) != supported.end();
        if (known && std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    }
    return out;
}

message make_connect_result(double transaction_id, std::string_view fms_version, double object_encoding) {
    return make_connect_result(transaction_id, fms_version, object_encoding, {});
}

std::optional<std::vector<std::string>> v2_fourccs_of(const amf0::object& command_object) {
    const bool has_caps = command_object.get("capsEx") != nullptr;
    std::vector<std::string> out;
    bool has_map = false;
    for (const char* name : {"videoFourCcInfoMap", "audioFourCcInfoMap"}) {
        const auto* v = command_object.get(name);
        const amf0::property_map* map = nullptr;
        if (v && v->as_object()) map = v->as_object();
        if (v && v->as_ecma_array()) map = v->as_ecma_array();
        if (!map) continue;
        has_map = true;
        for (const auto& p : map->properties) out.push_back(p.key);
    }
    if (!has_caps && !has_map) return std::nullopt;
    for (auto& f : fourcc_list_of(command_object)) out.push_back(std::move(f));
    return out;
}

bool is_video_fourcc(std::string_view f) noexcept { return f == "avc1" || f == "hvc1" || f == "av01" || f == "vp09"; }

namespace {
// The connect _result: properties, then NetConnection.Connect.Success with objectEncoding.
message connect_result(double transaction_id, const amf0::object& properties, double object_encoding) {
    auto info = status_object(status::level_status, status::connect_success, "Connection succeeded.");
    info.set("objectEncoding", object_encoding);
    return make_result(transaction_id, properties, info);
}

amf0::object connect_properties(std::string_view fms_version, const std::vector<std::string>& fourcc_list) {
    amf0::object properties{{"fmsVer", fms_version}, {"capabilities", 31}, {"mode", 1}};
    // Enhanced RTMP: a server that knows the extension answers with the
    // FourCCs it accepts, so the client may send them.
    if (!fourcc_list.empty()) properties.set("fourCcList", strings(fourcc_list));
    return properties;
}
}  // namespace

message make_connect_result(double transaction_id, std::string_view fms_version, double object_encoding,
                            const std::vector<std::string>& fourcc_list, const std::vector<std::string>& forwarded) {
    auto properties = connect_properties(fms_version, fourcc_list);
    amf0::object video, audio;
    for (const auto& f : forwarded) (is_video_fourcc(f) ? video : audio).set(f, double{fourcc_info::can_forward});
    properties.set("capsEx", double{caps_ex::mod_ex | caps_ex::timestamp_nano_offset});
    properties.set("videoFourCcInfoMap", std::move(video));
    properties.set("audioFourCcInfoMap", std::move(audio));
    return connect_result(transaction_id, properties, object_encoding);
}

message make_connect_result(double transaction_id, std::string_view fms_version, double object_encoding,
                            const std::vector<std::string>& fourcc_list) {
    return connect_result(transaction_id, connect_properties(fms_version, fourcc_list), object_encoding);
}

message make_connect_rejected(double transaction_id, std::string_view description) {
    return make_error(transaction_id, amf0::null{},
                      status_object(status::level_error, status::connect_rejected, description));
}

message make_result(double transaction_id, const amf0::value& properties, const amf0::value& info,
                    std::uint32_t message_stream_id) {
    return make_command(command{"_result", transaction_id, properties, {info}}, message_stream_id);
}

message make_error(double transaction_id, const amf0::value& properties, const amf0::value& info,
                   std::uint32_t message_stream_id) {
    return make_command(command{"_error", transaction_id, properties, {info}}, message_stream_id);
}

message make_command_error(double transaction_id, std::string_view code, std::string_view description,
                           std::uint32_t message_stream_id) {
    return make_error(transaction_id, amf0::null{}, status_object(status::level_error, code, description),
                      message_stream_id);
}

message make_create_stream(double transaction_id) { return simple("createStream", transaction_id, {}); }

message make_create_stream_result(double transaction_id, std::uint32_t stream_id) {
    return make_result(transaction_id, amf0::null{}, stream_id);
}

message make_release_stream(double transaction_id, std::string_view name) {
    return simple("releaseStream", transaction_id, {name});
}

message make_fc_publish(double transaction_id, std::string_view name) {
    return simple("FCPublish", transaction_id, {name});
}

message make_fc_unpublish(double transaction_id, std::string_view name) {
    return simple("FCUnpublish", transaction_id, {name});
}

message make_publish(double transaction_id, std::uint32_t stream_id, std::string_view name, std::string_view type) {
    return simple("publish", transaction_id, {name, type}, stream_id);
}

message make_play(double transaction_id, std::uint32_t stream_id, std::string_view name, double start,
                  double duration) {
    return simple("play", transaction_id, {name, start, duration}, stream_id);
}

message make_delete_stream(double transaction_id, std::uint32_t stream_id) {
    return simple("deleteStream", transaction_id, {stream_id});
}

message make_close_stream(std::uint32_t stream_id) { return simple("closeStream", 0, {}, stream_id); }

message make_get_stream_length(double transaction_id, std::uint32_t stream_id, std::string_view name) {
    return simple("getStreamLength", transaction_id, {name}, stream_id);
}

message make_stream_length_result(double transaction_id, double length_seconds) {
    return make_result(transaction_id, amf0::null{}, length_seconds);
}

message make_on_status(std::uint32_t stream_id, std::string_view level, std::string_view code,
                       std::string_view description) {
    return simple("onStatus", 0, {status_object(level, code, description)}, stream_id);
}

message make_redirect_status(std::uint32_t stream_id, std::string_view url) {
    // Not in the RTMP spec: SRS's convention, which clients that follow
    // redirects read from info.ex.redirect.
    auto info = status_object(status::level_error, status::connect_rejected, "RTMP 302 Redirect to " + std::string(url));
    info.set("ex", amf0::object{{"code", 302.0}, {"redirect", url}});
    return simple("onStatus", 0, {std::move(info)}, stream_id);
}

message make_on_bw_done() { return simple("onBWDone", 0, {}); }

message make_on_fc_publish(std::string_view code, std::string_view description) {
    return simple("onFCPublish", 0, {amf0::object{{"code", code}, {"description", description}}});
}

message make_rtmp_sample_access(std::uint32_t stream_id) {
    return make_data("|RtmpSampleAccess", {true, true}, stream_id);
}

message make_data_start(std::uint32_t stream_id) {
    return make_data("onStatus", {amf0::object{{"code", status::data_start}}}, stream_id);
}

bool is_metadata(const message& msg) {
    if (msg.type_id != message_type::data_amf0 && msg.type_id != message_type::data_amf3) return false;
    byte_reader r(amf0_body(msg));
    auto first = amf0::decode(r);
    if (!first || !first->is_string()) return false;
    if (*first->as_string() == on_metadata) return true;
    if (*first->as_string() != set_data_frame) return false;
    auto second = amf0::decode(r);
    return second && second->as_string() == on_metadata;
}

std::optional<message> strip_set_data_frame(const message& msg) {
    if (msg.type_id != message_type::data_amf0 && msg.type_id != message_type::data_amf3) return std::nullopt;
    auto body = amf0_body(msg);
    byte_reader r(body);
    auto first = amf0::decode(r);
    if (!first || first->as_string() != set_data_frame) return std::nullopt;
    message out = msg;
    out.type_id = message_type::data_amf0;
    auto skipped = msg.body.size() - body.size() + r.position();
    out.body = msg.body.slice(skipped);
    return out;
}

message make_set_data_frame(const message& msg) {
    std::vector<std::byte> body;
    amf0::encode(amf0::value(set_data_frame), body);
    auto rest = msg.body.bytes();
    body.insert(body.end(), rest.begin(), rest.end());
    message out = msg;
    out.type_id = message_type::data_amf0;
    out.body = lal::payload::adopt(std::move(body));
    return out;
}

std::pair<std::string, std::string> split_query(std::string_view text) {
    auto q = text.find('?');
    if (q == std::string_view::npos) return {std::string(text), {}};
    return {std::string(text.substr(0, q)), std::string(text.substr(q + 1))};
}

}  // namespace lal::rtmp
