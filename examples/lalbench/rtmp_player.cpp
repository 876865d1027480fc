// SPDX-License-Identifier: MIT
#include "rtmp_player.hpp"

#include <array>
#include <random>

#include <lal/rtmp/chunk_encoder.hpp>
#include <lal/rtmp/command.hpp>

#include "error.hpp"

namespace lalbench {
namespace {

namespace mt = lal::rtmp::message_type;
namespace amf0 = lal::flv::amf0;

// Transaction ids of our commands (RTMP spec 7.2.1: the answer repeats them).
constexpr double connect_transaction = 1;
constexpr double create_stream_transaction = 2;
// Our chunk size: we never announce another (RTMP spec 5.4.1), and our messages are small.
constexpr std::uint32_t our_chunk_size = 128;
// Buffer length a player announces after play (RTMP spec 7.1.7, Set Buffer Length).
constexpr std::uint32_t buffer_ms = 1000;

// C1's random part: a plain handshake (RTMP spec 5.2.3) only needs the bytes
// echoed, so one set serves every connection.
lal::byte_span handshake_random() {
    static const auto bytes = [] {
        std::array<std::byte, lal::rtmp::handshake_size> b{};
        std::mt19937 gen(std::random_device{}());
        for (auto& x : b) x = static_cast<std::byte>(gen());
        return b;
    }();
    return bytes;
}

std::string_view text_of(const amf0::value* object, std::string_view key) {
    if (!object) return {};
    const auto* v = object->get(key);
    return v ? v->as_string().value_or(std::string_view{}) : std::string_view{};
}

}  // namespace

rtmp_player::rtmp_player(worker& w, const player_settings& settings, const lal::rtmp_asio::rtmp_url& url)
    : player(w, settings), url_(url) {}

void rtmp_player::on_connected() {
    handshake_ = std::make_unique<lal::rtmp::client_handshake>(handshake_random(), 0, lal::rtmp::handshake_mode::plain);
    auto hello = handshake_->take_output();
    send(hello);
}

void rtmp_player::send_message(const lal::rtmp::message& msg) {
    out_.clear();
    lal::rtmp::append_chunks(msg, msg.chunk_stream_id, our_chunk_size, out_);
    send(out_);
}

void rtmp_player::on_input(const lal::payload& input) {
    bytes_in_ += input.size();
    auto in = input;
    if (handshake_) {
        auto used = handshake_->feed(in.bytes());
        auto reply = handshake_->take_output();
        if (!reply.empty()) send(reply);
        if (!used) {
            fail(used.error(), "handshake");
            return;
        }
        if (!handshake_->done()) return;
        handshake_.reset();
        in = in.slice(*used);
        lal::rtmp::connect_params params;
        params.app = url_.app;
        params.tc_url = url_.tc_url;
        params.flash_ver = "LNX 9,0,124,2";
        params.publish = false;
        send_message(lal::rtmp::make_connect(params, connect_transaction));
    }
    if (auto ec = decoder_.feed(in)) {
        fail(ec, "RTMP chunk stream");
        return;
    }
    while (auto m = decoder_.next()) {
        on_message(*m);
        if (closed()) return;
    }
    // RTMP spec 5.4.3: acknowledge each window of bytes received.
    if (auto sequence = acks_.update(bytes_in_)) send_message(lal::rtmp::make_acknowledgement(*sequence));
}

void rtmp_player::on_message(const lal::rtmp::message& m) {
    switch (m.type_id) {
    case mt::audio: on_audio(); break;
    case mt::video: on_video(m.body.bytes()); break;
    case mt::window_ack_size:
        if (auto v = lal::rtmp::parse_u32_control(m.body.bytes())) acks_.set_window(*v);
        break;
    case mt::user_control:
        // RTMP spec 7.1.7: a server pings and closes players that do not answer.
        if (auto u = lal::rtmp::parse_user_control(m.body.bytes());
            u && u->event == lal::rtmp::user_event::ping_request) {
            send_message(lal::rtmp::make_ping_response(u->value));
        }
        break;
    case mt::command_amf0:
    case mt::command_amf3: on_command(m); break;
    default: break;  // data (onMetaData, |RtmpSampleAccess) and the rest need nothing
    }
}

void rtmp_player::on_command(const lal::rtmp::message& m) {
    auto cmd = lal::rtmp::parse_command(m);
    if (!cmd) return;  // not ours to judge: a player ignores what it does not know
    const auto* info = cmd->arg(0);
    if (cmd->name == "_result") {
        if (cmd->transaction_id == connect_transaction) {
            send_message(lal::rtmp::make_create_stream(create_stream_transaction));
        } else if (cmd->transaction_id == create_stream_transaction) {
            auto id = info ? info->as_number() : std::nullopt;
            if (!id || *id < 0 || *id > 0xffffffff) {
                fail(errc::play_failed, "createStream answered without a stream id");
                return;
            }
            stream_id_ = static_cast<std::uint32_t>(*id);
            play_requested();
            send_message(lal::rtmp::make_play(0, stream_id_, url_.stream_with_query()));
            send_message(lal::rtmp::make_set_buffer_length(stream_id_, buffer_ms));
        }
    } else if (cmd->name == "_error") {
        auto code = std::string(text_of(info, "code"));
        if (cmd->transaction_id == connect_transaction) fail(errc::connect_rejected, code);
        else fail(errc::play_failed, code.empty() ? "createStream" : code);
    } else if (cmd->name == "onStatus") {
        auto code = text_of(info, "code");
        if (code == lal::rtmp::status::play_start) {
            play_started();
        } else if (text_of(info, "level") == lal::rtmp::status::level_error) {
            fail(errc::play_failed, code);
        }
    }
}

}  // namespace lalbench
