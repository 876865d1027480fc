// SPDX-License-Identifier: MIT
#include <lal/rtmp/client_session.hpp>

#include <lal/rtmp/aggregate.hpp>
#include <lal/rtmp/error.hpp>

#include "command_args.hpp"

namespace lal::rtmp {
namespace {

using detail::field;

bool is_data(const message& msg) {
    return msg.type_id == message_type::data_amf0 || msg.type_id == message_type::data_amf3;
}

}  // namespace

client_session::client_session(client_options options, byte_span random, std::uint32_t epoch_ms)
    : options_(std::move(options)),
      handshake_(std::make_unique<client_handshake>(random, epoch_ms, options_.handshake)),
      core_(options_.limits) {
    if (options_.flash_ver.empty()) {
        options_.flash_ver = options_.role == client_role::publish ? "FMLE/3.0 (compatible; lal)" : "LNX 9,0,124,2";
    }
    core_.queue_bytes(handshake_->take_output());  // C0 and C1
}

std::error_code client_session::feed(byte_span in) {
    return core_.feed(handshake_, in, [this] { start_session(); });
}

// After the handshake: our chunk size first, then connect (RTMP spec 7.2.1.1).
void client_session::start_session() {
    queue(make_set_chunk_size(options_.chunk_size));
    core_.encoder().set_chunk_size(options_.chunk_size);
    connect_params params;
    params.app = options_.app;
    params.tc_url = options_.tc_url;
    params.flash_ver = options_.flash_ver;
    params.publish = options_.role == client_role::publish;
    params.fourcc_list = options_.fourcc_list;
    connect_transaction_ = next_transaction();
    queue(make_connect(params, connect_transaction_));
    state_ = state::connecting;
}

std::optional<client_event> client_session::next_event() {
    return core_.next_event(events_, false, [this](message& msg) { return handle(msg); });
}

std::optional<client_event> client_session::handle(message& msg) {
    switch (msg.type_id) {
    case message_type::command_amf0:
    case message_type::command_amf3: {
        auto cmd = parse_command(msg);
        if (!cmd) return failure(cmd.error(), {}, "malformed command from the server");
        return handle_command(msg, *cmd);
    }
    case message_type::audio:
    case message_type::video:
        if (state_ != state::playing) return std::nullopt;
        return client_events::media{std::move(msg)};
    case message_type::data_amf0:
    case message_type::data_amf3: return handle_data(msg);
    case message_type::aggregate: {
        if (state_ != state::playing) return std::nullopt;
        auto parts = split_aggregate(msg);
        if (!parts) return failure(parts.error(), {}, "malformed aggregate message from the server");
        for (auto& part : *parts) {
            if (is_data(part)) {
                if (auto ev = handle_data(part)) events_.push_back(std::move(*ev));
            } else if (part.type_id == message_type::audio || part.type_id == message_type::video) {
                events_.push_back(client_events::media{std::move(part)});
            }
        }
        return std::nullopt;
    }
    default: return handle_control(msg);
    }
}

std::optional<client_event> client_session::handle_control(const message& msg) {
    if (msg.type_id == message_type::set_peer_bandwidth) {
        // RTMP spec 5.4.5: answer with our Window Acknowledgement Size when it changes.
        if (auto bw = parse_set_peer_bandwidth(msg.body.bytes()); bw && bw->window != window_sent_) {
            window_sent_ = bw->window;
            queue(make_window_ack_size(bw->window));
        }
        return std::nullopt;
    }
    auto event = core_.handle_control(msg);
    if (event && event->event == user_event::stream_eof && event->value == stream_id_ && stream_id_ != 0) {
        return client_events::stream_eof{event->value};
    }
    return std::nullopt;
}

std::optional<client_event> client_session::handle_data(message& msg) {
    if (state_ != state::playing) return std::nullopt;
    if (auto stripped = strip_set_data_frame(msg)) msg = std::move(*stripped);
    if (is_metadata(msg)) return client_events::metadata{std::move(msg)};
    auto data = parse_data(msg);
    // Answers to play, not stream content.
    if (data && (data->name == "|RtmpSampleAccess" || data->name == "onStatus")) return std::nullopt;
    return client_events::media{std::move(msg)};
}

std::optional<client_event> client_session::handle_command(const message& msg, const command& cmd) {
    const auto& name = cmd.name;
    auto tid = cmd.transaction_id;
    if (name == "_result" || name == "_error") {
        bool ok = name == "_result";
        const auto* info = cmd.arg(0);
        if (state_ == state::connecting && tid == connect_transaction_) {
            if (!ok) {
                return failure(errc::connect_rejected, field(info, "code"), field(info, "description"));
            }
            // Encoders announce the stream before creating it (FMLE, ffmpeg, OBS do).
            if (options_.role == client_role::publish) {
                queue(make_release_stream(next_transaction(), options_.stream_name));
                queue(make_fc_publish(next_transaction(), options_.stream_name));
            }
            create_stream_transaction_ = next_transaction();
            queue(make_create_stream(create_stream_transaction_));
            state_ = state::creating_stream;
            return client_events::connected{cmd.object, info ? *info : amf0::value{}};
        }
        if (state_ == state::creating_stream && tid == create_stream_transaction_) {
            // Casting NaN or a number outside 32 bits is undefined: such an id is no id.
            double id = info ? info->as_number().value_or(-1) : -1;
            if (!ok || !(id >= 0 && id <= 0xffffffff)) {
                return failure(errc::command_failed, field(info, "code"), "createStream failed");
            }
            stream_id_ = static_cast<std::uint32_t>(id);
            if (options_.role == client_role::publish) {
                queue(make_publish(0, stream_id_, options_.stream_name, options_.publish_type));
            } else {
                queue(make_play(0, stream_id_, options_.stream_name, options_.play_start));
                queue(make_set_buffer_length(stream_id_, options_.buffer_ms));
            }
            state_ = state::starting;
            return client_events::stream_created{stream_id_};
        }
        // Answers to releaseStream and FCPublish (often _error) mean nothing.
        return std::nullopt;
    }
    if (name == "onStatus") return handle_status(msg.message_stream_id, cmd.arg(0));
    // onBWDone, onFCPublish and other server calls need no answer from us.
    return std::nullopt;
}

std::optional<client_event> client_session::handle_status(std::uint32_t stream_id, const amf0::value* info) {
    auto level = field(info, "level");
    auto code = field(info, "code");
    auto description = field(info, "description");
    if (state_ == state::starting) {
        bool publish = options_.role == client_role::publish;
        if (level == status::level_error) {
            return failure(publish ? errc::publish_rejected : errc::play_rejected, code, description);
        }
        if (publish && code == status::publish_start) {
            state_ = state::publishing;
            return client_events::publish_started{code, description};
        }
        if (!publish && code == status::play_start) {
            state_ = state::playing;
            return client_events::play_started{code, description};
        }
    }
    return client_events::status{stream_id, level, code, description};
}

bool client_session::send(const message& msg) {
    if (state_ != state::publishing) return false;
    message out = msg;
    out.message_stream_id = stream_id_;
    queue(out);
    return true;
}

void client_session::close() {
    if (state_ == state::publishing || state_ == state::starting || state_ == state::playing) {
        if (options_.role == client_role::publish) {
            queue(make_fc_unpublish(next_transaction(), options_.stream_name));
        }
        queue(make_delete_stream(next_transaction(), stream_id_));
    }
    state_ = state::closed;
    core_.close();
}

std::vector<lal::payload> client_session::take_output() { return core_.take_output(); }

client_event client_session::failure(std::error_code ec, std::string code, std::string description) {
    core_.fail(ec);
    return client_events::failed{ec, std::move(code), std::move(description)};
}

}  // namespace lal::rtmp
