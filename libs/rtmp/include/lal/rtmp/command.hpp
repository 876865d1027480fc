// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/result.hpp>
#include <lal/flv/amf0.hpp>
#include <lal/rtmp/message.hpp>

// Command and data messages over AMF0 (RTMP spec 7.1.1, 7.1.2, 7.2). Builders
// return messages on chunk stream 3; NetConnection commands use message stream
// 0, NetStream ones the stream id they are given.
namespace lal::rtmp {

namespace amf0 = lal::flv::amf0;

/// A command message (RTMP spec 7.1.1): name, transaction id, command object,
/// then any further arguments.
struct command {
    std::string name;
    double transaction_id = 0;
    amf0::value object;              ///< the command object, or null
    std::vector<amf0::value> args;   ///< the values after the command object

    /// args[i], or nullptr when there are fewer arguments.
    const amf0::value* arg(std::size_t i) const noexcept { return i < args.size() ? &args[i] : nullptr; }
};

/// A data message (RTMP spec 7.1.2): a name and values.
struct data_message {
    std::string name;
    std::vector<amf0::value> values;
};

/// Parses a command message (type 20, or 17 whose body starts with a 0 format
/// byte). Values after the first undecodable one are dropped, as peers send odd
/// trailing values. Error: errc::bad_command when the body does not start with a name.
lal::result<command> parse_command(const message& msg);
/// Parses a data message (type 18, or 15 with a leading 0 byte). Error: errc::bad_command.
lal::result<data_message> parse_data(const message& msg);

/// Encodes a command on chunk stream 3 and `message_stream_id`.
message make_command(const command& c, std::uint32_t message_stream_id = 0);
/// Encodes a data message on chunk stream 3 and `message_stream_id`.
message make_data(std::string_view name, const std::vector<amf0::value>& values, std::uint32_t message_stream_id);

/// Status codes sent in onStatus and _result/_error info objects.
namespace status {
inline constexpr std::string_view connect_success = "NetConnection.Connect.Success";
inline constexpr std::string_view connect_rejected = "NetConnection.Connect.Rejected";
inline constexpr std::string_view publish_start = "NetStream.Publish.Start";
inline constexpr std::string_view publish_bad_name = "NetStream.Publish.BadName";
inline constexpr std::string_view unpublish_success = "NetStream.Unpublish.Success";
inline constexpr std::string_view play_reset = "NetStream.Play.Reset";
inline constexpr std::string_view play_start = "NetStream.Play.Start";
inline constexpr std::string_view play_stop = "NetStream.Play.Stop";
inline constexpr std::string_view play_failed = "NetStream.Play.Failed";
inline constexpr std::string_view play_stream_not_found = "NetStream.Play.StreamNotFound";
inline constexpr std::string_view play_unpublish_notify = "NetStream.Play.UnpublishNotify";
inline constexpr std::string_view play_publish_notify = "NetStream.Play.PublishNotify";
inline constexpr std::string_view data_start = "NetStream.Data.Start";
inline constexpr std::string_view level_status = "status";
inline constexpr std::string_view level_error = "error";
}  // namespace status

/// What a client puts in its connect command object (RTMP spec 7.2.1.1).
struct connect_params {
    std::string app;                                   ///< e.g. "live" (may carry "?query")
    std::string tc_url;                                ///< e.g. "rtmp://host/live?query"
    std::string flash_ver = "FMLE/3.0 (compatible; lal)";
    bool publish = true;   ///< true: "type": "nonprivate" like encoders; false: player capabilities
    double object_encoding = 0;
    /// Enhanced RTMP fourCcList: the FourCCs the client sends or plays
    /// ("hvc1", "av01", "Opus"...); empty: not sent (a legacy client).
    std::vector<std::string> fourcc_list;
};

/// The FourCCs lal's server takes in and relays as they came (Enhanced RTMP v1/v2).
inline const std::vector<std::string>& default_fourcc_list() {
    static const std::vector<std::string> list = {"av01", "vp09", "hvc1", "avc1", "Opus",
                                                  "mp4a", "ac-3", "ec-3", ".mp3", "fLaC"};
    return list;
}

/// The fourCcList of a connect command object (Enhanced RTMP: a strict array
/// of strings; non-strings are skipped); empty when absent.
std::vector<std::string> fourcc_list_of(const amf0::object& command_object);

/// The FourCCs a server answers a client's fourCcList with: those of
/// `supported` the client listed, in the client's order, or all of
/// `supported` when the client listed "*" (Enhanced RTMP v1 wildcard).
std::vector<std::string> answer_fourcc_list(const std::vector<std::string>& requested,
                                            const std::vector<std::string>& supported);

/// Enhanced RTMP v2 capsEx flags of connect: what an end supports beyond v1.
namespace caps_ex {
inline constexpr unsigned reconnect = 0x01;
inline constexpr unsigned multitrack = 0x02;
inline constexpr unsigned mod_ex = 0x04;
inline constexpr unsigned timestamp_nano_offset = 0x08;
}  // namespace caps_ex

/// Enhanced RTMP v2 FourCcInfoMask bits of audio/videoFourCcInfoMap.
namespace fourcc_info {
inline constexpr unsigned can_decode = 0x01;
inline constexpr unsigned can_encode = 0x02;
inline constexpr unsigned can_forward = 0x04;
}  // namespace fourcc_info

/// The FourCCs an Enhanced RTMP v2 client names in its connect (the keys of
/// videoFourCcInfoMap and audioFourCcInfoMap, objects or ECMA arrays, then
/// its fourCcList), or nullopt for a client without capsEx or either map
/// (not v2). An empty list means the client gave capsEx alone.
std::optional<std::vector<std::string>> v2_fourccs_of(const amf0::object& command_object);

/// True for the video FourCCs of Enhanced RTMP (avc1, hvc1, av01, vp09).
bool is_video_fourcc(std::string_view fourcc) noexcept;

/// connect (RTMP spec 7.2.1.1).
message make_connect(const connect_params& params, double transaction_id = 1);
/// _result of connect: fmsVer/capabilities, then NetConnection.Connect.Success with objectEncoding.
message make_connect_result(double transaction_id, std::string_view fms_version, double object_encoding);
/// The same, with the Enhanced RTMP fourCcList the server accepts in its properties object.
message make_connect_result(double transaction_id, std::string_view fms_version, double object_encoding,
                            const std::vector<std::string>& fourcc_list);
/// The same for an Enhanced RTMP v2 client: also capsEx (ModEx and
/// nanosecond offsets, which lal reads; no multitrack, no reconnect) and
/// videoFourCcInfoMap / audioFourCcInfoMap marking each of `forwarded`
/// CanForward (lal relays media as it came, never decodes).
message make_connect_result(double transaction_id, std::string_view fms_version, double object_encoding,
                            const std::vector<std::string>& fourcc_list, const std::vector<std::string>& forwarded);
/// _error of connect: NetConnection.Connect.Rejected with `description`.
message make_connect_rejected(double transaction_id, std::string_view description);
/// _result with a properties value and an information value.
message make_result(double transaction_id, const amf0::value& properties, const amf0::value& info,
                    std::uint32_t message_stream_id = 0);
/// _error with a properties value and an information value.
message make_error(double transaction_id, const amf0::value& properties, const amf0::value& info,
                   std::uint32_t message_stream_id = 0);
/// _error answering an unknown or refused command: {level error, code, description}.
message make_command_error(double transaction_id, std::string_view code, std::string_view description,
                           std::uint32_t message_stream_id = 0);
/// createStream (RTMP spec 7.2.1.3).
message make_create_stream(double transaction_id);
/// _result of createStream carrying the new stream id.
message make_create_stream_result(double transaction_id, std::uint32_t stream_id);
/// releaseStream(name), sent by encoders before publishing.
message make_release_stream(double transaction_id, std::string_view name);
/// FCPublish(name), sent by encoders before publishing.
message make_fc_publish(double transaction_id, std::string_view name);
/// FCUnpublish(name), sent by encoders when they stop.
message make_fc_unpublish(double transaction_id, std::string_view name);
/// publish(name, type) on `stream_id` (RTMP spec 7.2.2.6); type "live", "record" or "append".
message make_publish(double transaction_id, std::uint32_t stream_id, std::string_view name,
                     std::string_view type = "live");
/// play(name, start, duration) on `stream_id` (RTMP spec 7.2.2.1); start -2 live or
/// recorded, -1 live only, >= 0 recorded from there; duration -1 to the end.
message make_play(double transaction_id, std::uint32_t stream_id, std::string_view name, double start = -2,
                  double duration = -1);
/// deleteStream(stream_id) (RTMP spec 7.2.2.3), sent on message stream 0.
message make_delete_stream(double transaction_id, std::uint32_t stream_id);
/// closeStream on `stream_id`.
message make_close_stream(std::uint32_t stream_id);
/// getStreamLength(name) on `stream_id`.
message make_get_stream_length(double transaction_id, std::uint32_t stream_id, std::string_view name);
/// _result of getStreamLength: the length in seconds (0 for live).
message make_stream_length_result(double transaction_id, double length_seconds);
/// onStatus(level, code, description) on `stream_id` (RTMP spec 7.2.2).
message make_on_status(std::uint32_t stream_id, std::string_view level, std::string_view code,
                       std::string_view description);
/// onStatus error NetConnection.Connect.Rejected on `stream_id` carrying a
/// redirect as SRS sends it: ex {code 302, redirect `url`} in the info object.
message make_redirect_status(std::uint32_t stream_id, std::string_view url);
/// onBWDone, sent by servers after connect.
message make_on_bw_done();
/// onFCPublish({code, description}), the answer FMLE-style encoders know for FCPublish.
message make_on_fc_publish(std::string_view code, std::string_view description);
/// |RtmpSampleAccess(true, true) data message on `stream_id`: lets Flash players read samples.
message make_rtmp_sample_access(std::uint32_t stream_id);
/// onStatus({code: NetStream.Data.Start}) data message on `stream_id`.
message make_data_start(std::uint32_t stream_id);

/// True for a data message named onMetaData (or @setDataFrame + onMetaData).
bool is_metadata(const message& msg);
/// The plain onMetaData message inside an "@setDataFrame" data message: the same
/// body without the leading name, sharing storage. nullopt for anything else.
std::optional<message> strip_set_data_frame(const message& msg);
/// An "@setDataFrame" message wrapping a plain onMetaData `msg` (what publishers send).
message make_set_data_frame(const message& msg);

/// Splits "name?query" at the first '?': {name, query}; query is empty when there is no '?'.
std::pair<std::string, std::string> split_query(std::string_view text);

}  // namespace lal::rtmp
