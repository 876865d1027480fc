// SPDX-License-Identifier: MIT
// RTMP message bodies: AMF0 commands and data messages (RTMP spec 7.1.1,
// 7.1.2, 7.2), "@setDataFrame", aggregates (7.1.6) and protocol/user control
// messages (5.4, 7.1.7). The first input byte is the message type, the rest its body.
// Properties:
// - parse_command / parse_data -> make_command / make_data -> parse gives the
//   same name, transaction id and values (compared as AMF0 bytes);
// - strip_set_data_frame returns a suffix of the body sharing its storage, and
//   make_set_data_frame undoes it; is_metadata agrees with parse_data;
// - aggregate sub-messages are slices of the body, in order, at least 11
//   bytes of body apart, the first one on the aggregate's timestamp;
// - control bodies parse back to themselves through their builders.
#include <cstdint>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/rtmp/aggregate.hpp>
#include <lal/rtmp/command.hpp>
#include <lal/rtmp/control.hpp>
#include <lal/rtmp/error.hpp>
#include <lal/rtmp/message.hpp>

#include "fuzz_support.hpp"

namespace rtmp = lal::rtmp;
namespace amf0 = lal::flv::amf0;

namespace {

std::vector<std::byte> encode_values(const std::vector<amf0::value>& values) {
    std::vector<std::byte> out;
    amf0::encode_all(values, out);
    return out;
}

std::vector<std::byte> encode_command(const rtmp::command& c) {
    std::vector<amf0::value> values{amf0::value(c.name), amf0::value(c.transaction_id), c.object};
    values.insert(values.end(), c.args.begin(), c.args.end());
    return encode_values(values);
}

void check_command(const rtmp::message& msg) {
    auto cmd = rtmp::parse_command(msg);
    if (!cmd) {
        LAL_FUZZ_CHECK(cmd.error() == rtmp::errc::bad_command);
        return;
    }
    auto made = rtmp::make_command(*cmd, msg.message_stream_id);
    LAL_FUZZ_CHECK(made.type_id == rtmp::message_type::command_amf0);
    LAL_FUZZ_CHECK(made.message_stream_id == msg.message_stream_id);
    auto again = rtmp::parse_command(made);
    LAL_FUZZ_CHECK(again.has_value());
    LAL_FUZZ_CHECK(again->name == cmd->name);
    LAL_FUZZ_CHECK(encode_command(*again) == encode_command(*cmd));
}

void check_data(const rtmp::message& msg) {
    auto data = rtmp::parse_data(msg);
    if (data) {
        auto made = rtmp::make_data(data->name, data->values, msg.message_stream_id);
        auto again = rtmp::parse_data(made);
        LAL_FUZZ_CHECK(again.has_value() && again->name == data->name);
        LAL_FUZZ_CHECK(encode_values(again->values) == encode_values(data->values));
    }

    auto stripped = rtmp::strip_set_data_frame(msg);
    if (stripped) {
        LAL_FUZZ_CHECK(data.has_value() && data->name == "@setDataFrame");
        LAL_FUZZ_CHECK(stripped->type_id == rtmp::message_type::data_amf0);
        LAL_FUZZ_CHECK(stripped->body.size() < msg.body.size());
        LAL_FUZZ_CHECK(stripped->body.empty() || stripped->body.shares_storage_with(msg.body));
        auto tail = msg.body.bytes().last(stripped->body.size());
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(tail) == lal::fuzz::to_bytes(stripped->body.bytes()));
        auto wrapped = rtmp::make_set_data_frame(*stripped);
        auto unwrapped = rtmp::strip_set_data_frame(wrapped);
        LAL_FUZZ_CHECK(unwrapped.has_value() && unwrapped->body == stripped->body);
    }

    if (rtmp::is_metadata(msg)) {
        const auto& plain = stripped ? *stripped : msg;
        auto inner = rtmp::parse_data(plain);
        LAL_FUZZ_CHECK(inner.has_value() && inner->name == "onMetaData");
    } else if (data && data->name == "onMetaData") {
        LAL_FUZZ_CHECK(msg.type_id != rtmp::message_type::data_amf0 &&
                       msg.type_id != rtmp::message_type::data_amf3);
    }
}

void check_aggregate(const rtmp::message& msg) {
    auto parts = rtmp::split_aggregate(msg);
    if (!parts) {
        LAL_FUZZ_CHECK(parts.error() == rtmp::errc::bad_aggregate);
        return;
    }
    auto body = msg.body.bytes();
    const std::byte* cursor = body.data();
    for (std::size_t i = 0; i < parts->size(); ++i) {
        const auto& part = (*parts)[i];
        LAL_FUZZ_CHECK(part.message_stream_id == msg.message_stream_id);
        LAL_FUZZ_CHECK(part.chunk_stream_id == msg.chunk_stream_id);
        if (i == 0) LAL_FUZZ_CHECK(part.timestamp == msg.timestamp);
        auto bytes = part.body.bytes();
        if (!bytes.empty()) {
            LAL_FUZZ_CHECK(part.body.shares_storage_with(msg.body));
            LAL_FUZZ_CHECK(bytes.data() >= cursor + 11);
            LAL_FUZZ_CHECK(bytes.data() + bytes.size() <= body.data() + body.size());
            cursor = bytes.data() + bytes.size();
        } else {
            cursor += 11;
        }
    }
    LAL_FUZZ_CHECK(parts->size() * 11 <= body.size());
}

void check_control(lal::byte_span body) {
    auto value = rtmp::parse_u32_control(body);
    LAL_FUZZ_CHECK(value.has_value() == (body.size() >= 4));
    if (value) {
        auto ack = rtmp::make_acknowledgement(*value);
        LAL_FUZZ_CHECK(rtmp::parse_u32_control(ack.body.bytes()).value() == *value);
    }
    if (auto bw = rtmp::parse_set_peer_bandwidth(body)) {
        auto made = rtmp::make_set_peer_bandwidth(bw->window, bw->limit);
        LAL_FUZZ_CHECK(made.body.size() == 5);
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(made.body.bytes()) == lal::fuzz::to_bytes(body.first(5)));
    }
    if (auto event = rtmp::parse_user_control(body)) {
        auto made = rtmp::make_user_control(*event);
        auto again = rtmp::parse_user_control(made.body.bytes());
        LAL_FUZZ_CHECK(again.has_value() && *again == *event);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    if (in.empty()) return 0;
    auto seed = lal::fuzz::seed_of(in);
    rtmp::message msg;
    msg.type_id = std::to_integer<std::uint8_t>(in[0]);
    msg.timestamp = seed;
    msg.message_stream_id = seed % 3;
    msg.chunk_stream_id = 3 + seed % 7;
    msg.body = lal::payload::copy_from(in.subspan(1));

    check_command(msg);
    check_data(msg);
    check_aggregate(msg);
    check_control(msg.body.bytes());
    return 0;
}
