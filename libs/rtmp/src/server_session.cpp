// SPDX-License-Identifier: MIT
#include <lal/rtmp/server_session.hpp>

#include <algorithm>
#include <cassert>

#include <lal/rtmp/aggregate.hpp>
#include <lal/rtmp/error.hpp>

#include "command_args.hpp"

namespace lal::rtmp {
namespace {

using detail::number_of;
using detail::string_of;

// Commands that need no more than an empty _result: FMLE-era calls (releaseStream,
// FCPublish, FCSubscribe) and ffmpeg's answer to onBWDone (_checkbw).
bool is_courtesy_call(std::string_view name) {
    return name == "releaseStream" || name == "FCPublish" || name == "FCSubscribe" || name == "_checkbw";
}

}  // namespace

server_session::server_session(server_options options, byte_span random, std::uint32_t epoch_ms)
    : options_(std::move(options)),
      handshake_(std::make_unique<server_handshake>(random, epoch_ms)),
      core_(options_.limits) {}

std::error_code server_session::feed(byte_span in) {
    return core_.feed(handshake_, in, [] {});
}

std::optional<server_event> server_session::next_event() {
    return core_.next_event(events_, pending_ != pending::none, [this](message& msg) { return handle(msg); });
}

std::optional<server_event> server_session::handle(message& msg) {
    switch (msg.type_id) {
    case message_type::command_amf0:
    case message_type::command_amf3: {
        auto cmd = parse_command(msg);
        if (!cmd) {
            core_.fail(cmd.error());
            return server_events::error{cmd.error()};
        }
        return handle_command(msg, *cmd);
    }
    case message_type::audio:
    case message_type::video: {
        if (!publishing_stream(msg.message_stream_id)) return std::nullopt;  // not (yet) accepted: dropped
        return server_events::media{std::move(msg)};
    }
    case message_type::data_amf0:
    case message_type::data_amf3: return handle_data(msg);
    case message_type::aggregate: {
        if (!publishing_stream(msg.message_stream_id)) return std::nullopt;
        auto parts = split_aggregate(msg);
        if (!parts) {
            core_.fail(parts.error());
            return server_events::error{parts.error()};
        }
        for (auto& part : *parts) {
            if (part.type_id == message_type::audio || part.type_id == message_type::video) {
                events_.push_back(server_events::media{std::move(part)});
            } else if (part.type_id == message_type::data_amf0 || part.type_id == message_type::data_amf3) {
                if (auto ev = handle_data(part)) events_.push_back(std::move(*ev));
            }
        }
        return std::nullopt;
    }
    default:
        // Acknowledgements, Set Peer Bandwidth, Set Buffer Length and shared
        // objects need nothing beyond what both sides answer.
        core_.handle_control(msg);
        return std::nullopt;
    }
}

std::optional<server_event> server_session::handle_data(message& msg) {
    if (!publishing_stream(msg.message_stream_id)) return std::nullopt;
    // Encoders send "@setDataFrame", "onMetaData", {...}; players expect the
    // message without the first name.
    if (auto stripped = strip_set_data_frame(msg)) {
        if (is_metadata(*stripped)) return server_events::metadata{std::move(*stripped)};
        return server_events::media{std::move(*stripped)};
    }
    if (is_metadata(msg)) return server_events::metadata{std::move(msg)};
    auto data = parse_data(msg);
    if (data && data->name == "@clearDataFrame") return std::nullopt;
    return server_events::media{std::move(msg)};
}

std::optional<server_event> server_session::handle_command(const message& msg, command& cmd) {
    const auto& name = cmd.name;
    auto tid = cmd.transaction_id;
    auto msid = msg.message_stream_id;

    if (name == "connect") {
        if (connected_) {
            if (tid != 0) queue(make_command_error(tid, "NetConnection.Call.Failed", "already connected"));
            return std::nullopt;
        }
        server_events::connect ev;
        if (auto* o = cmd.object.as_object()) ev.command_object = *o;
        auto app = string_of(ev.command_object.get("app"));
        ev.tc_url = string_of(ev.command_object.get("tcUrl"));
        std::tie(ev.app, ev.query) = split_query(app);
        if (ev.query.empty()) ev.query = split_query(ev.tc_url).second;
        object_encoding_ = number_of(ev.command_object.get("objectEncoding"), 0);
        ev.fourcc_list = fourcc_list_of(ev.command_object);
        client_fourcc_list_ = ev.fourcc_list;
        client_v2_fourccs_ = v2_fourccs_of(ev.command_object);
        connect_transaction_ = tid;
        app_ = ev.app;
        pending_ = pending::connect;
        return ev;
    }
    if (!connected_) {
        // Nothing but connect makes sense before connect.
        if (tid != 0) queue(make_command_error(tid, "NetConnection.Call.Failed", "not connected"));
        return std::nullopt;
    }
    if (is_courtesy_call(name)) {
        if (name == "FCPublish") fc_publish_ = true;
        if (tid != 0) queue(make_result(tid, amf0::null{}, amf0::undefined{}));
        return std::nullopt;
    }
    if (name == "createStream") {
        std::uint32_t id = 1;
        while (find_stream(id)) ++id;
        streams_.push_back(stream{id, role::none, {}});
        queue(make_create_stream_result(tid, id));
        return std::nullopt;
    }
    if (name == "publish" || name == "play") {
        if (msid == 0) {
            if (tid != 0) queue(make_command_error(tid, "NetConnection.Call.Failed", name + " needs a stream"));
            return std::nullopt;
        }
        // Be lenient with clients that skip createStream.
        if (!find_stream(msid)) streams_.push_back(stream{msid, role::none, {}});
        auto [stream_name, query] = split_query(string_of(cmd.arg(0)));
        if (name == "publish") {
            server_events::publish ev{msid, app_, std::move(stream_name), std::move(query), string_of(cmd.arg(1))};
            if (ev.type.empty()) ev.type = "live";
            pending_ = pending::publish;
            return ev;
        }
        server_events::play ev{msid, app_, std::move(stream_name), std::move(query)};
        ev.start = number_of(cmd.arg(1), -2);
        ev.duration = number_of(cmd.arg(2), -1);
        if (const auto* reset = cmd.arg(3)) ev.reset = reset->as_boolean().value_or(number_of(reset, 1) != 0);
        pending_ = pending::play;
        return ev;
    }
    if (name == "play2") {
        // Bitrate switching is not supported: refuse it and keep the connection.
        if (tid != 0) queue(make_command_error(tid, status::play_failed, "play2 is not supported", msid));
        else queue(make_on_status(msid, status::level_error, status::play_failed, "play2 is not supported"));
        return std::nullopt;
    }
    if (name == "FCUnpublish") {
        if (tid != 0) queue(make_result(tid, amf0::null{}, amf0::undefined{}));
        auto [stream_name, query] = split_query(string_of(cmd.arg(0)));
        if (auto* s = find_stream(role::publishing, stream_name)) return end_stream(s->id);
        return std::nullopt;
    }
    if (name == "closeStream") return end_stream(msid);
    if (name == "deleteStream") {
        // Casting NaN or a number outside 32 bits is undefined: such an id names no stream.
        auto number = number_of(cmd.arg(0), 0);
        auto id = number >= 0 && number <= 0xffffffff ? static_cast<std::uint32_t>(number) : 0;
        auto ev = end_stream(id);
        std::erase_if(streams_, [&](const stream& s) { return s.id == id; });
        return ev;
    }
    if (name == "getStreamLength") {
        if (tid != 0) queue(make_stream_length_result(tid, 0));
        return std::nullopt;
    }
    // Unknown commands (and answers such as _result, pause or receiveAudio that
    // need nothing from a live server) never break the session.
    if (tid != 0 && name != "_result" && name != "_error") {
        queue(make_command_error(tid, "NetConnection.Call.Failed", "unknown command " + name, msid));
    }
    return std::nullopt;
}

std::optional<server_event> server_session::end_stream(std::uint32_t stream_id) {
    auto* s = find_stream(stream_id);
    if (!s || s->what == role::none) return std::nullopt;
    auto what = std::exchange(s->what, role::none);
    auto name = std::exchange(s->name, {});
    if (what == role::publishing) {
        queue(make_on_status(stream_id, status::level_status, status::unpublish_success,
                             name + " is now unpublished."));
        return server_events::unpublish{stream_id, std::move(name)};
    }
    return server_events::stop_play{stream_id, std::move(name)};
}

void server_session::accept_connect() {
    assert(pending_ == pending::connect);
    if (pending_ != pending::connect) return;
    pending_ = pending::none;
    connected_ = true;
    queue(make_window_ack_size(options_.window_ack_size));
    queue(make_set_peer_bandwidth(options_.peer_bandwidth, bandwidth_limit::dynamic));
    queue(make_set_chunk_size(options_.chunk_size));
    core_.encoder().set_chunk_size(options_.chunk_size);
    // Enhanced RTMP: only a client that sent fourCcList gets one back.
    const auto fourccs = client_fourcc_list_.empty() ? std::vector<std::string>{}
                                                     : answer_fourcc_list(client_fourcc_list_, options_.fourcc_list);
    if (client_v2_fourccs_) {
        // Enhanced RTMP v2: capabilities answered with capabilities; a client
        // that named no FourCC (capsEx alone) hears of all those accepted.
        const auto& asked = client_v2_fourccs_->empty() ? std::vector<std::string>{"*"} : *client_v2_fourccs_;
        queue(make_connect_result(connect_transaction_, options_.fms_version, object_encoding_, fourccs,
                                  answer_fourcc_list(asked, options_.fourcc_list)));
    } else {
        queue(make_connect_result(connect_transaction_, options_.fms_version, object_encoding_, fourccs));
    }
    queue(make_on_bw_done());
}

void server_session::reject_connect(std::string_view description) {
    assert(pending_ == pending::connect);
    if (pending_ != pending::connect) return;
    pending_ = pending::none;
    queue(make_connect_rejected(connect_transaction_, description));
    core_.close();
}

void server_session::accept_publish(const server_events::publish& request) {
    assert(pending_ == pending::publish);
    pending_ = pending::none;
    auto* s = find_stream(request.stream_id);
    if (!s) {
        streams_.push_back(stream{request.stream_id, role::none, {}});
        s = &streams_.back();
    }
    s->what = role::publishing;
    s->name = request.stream_name;
    if (fc_publish_) queue(make_on_fc_publish(status::publish_start, request.stream_name));
    queue(make_on_status(request.stream_id, status::level_status, status::publish_start,
                         request.stream_name + " is now published."));
}

void server_session::reject_publish(const server_events::publish& request, std::string_view code,
                                    std::string_view description) {
    assert(pending_ == pending::publish);
    pending_ = pending::none;
    queue(make_on_status(request.stream_id, status::level_error, code, description));
}

void server_session::accept_play(const server_events::play& request) {
    assert(pending_ == pending::play);
    pending_ = pending::none;
    auto* s = find_stream(request.stream_id);
    if (!s) {
        streams_.push_back(stream{request.stream_id, role::none, {}});
        s = &streams_.back();
    }
    s->what = role::playing;
    s->name = request.stream_name;
    auto id = request.stream_id;
    queue(make_stream_begin(id));
    if (request.reset) {
        queue(make_on_status(id, status::level_status, status::play_reset, "Playing and resetting " + s->name + "."));
    }
    queue(make_on_status(id, status::level_status, status::play_start, "Started playing " + s->name + "."));
    queue(make_rtmp_sample_access(id));
    queue(make_data_start(id));
}

void server_session::reject_play(const server_events::play& request, std::string_view code,
                                 std::string_view description) {
    assert(pending_ == pending::play);
    pending_ = pending::none;
    queue(make_on_status(request.stream_id, status::level_error, code, description));
}

void server_session::redirect_play(const server_events::play& request, std::string_view url) {
    assert(pending_ == pending::play);
    pending_ = pending::none;
    queue(make_redirect_status(request.stream_id, url));
}

void server_session::send(const message& msg) { queue(msg); }

void server_session::send_encoded(lal::payload chunks) { send_encoded(std::span<const lal::payload>(&chunks, 1)); }

void server_session::send_encoded(std::span<const lal::payload> pieces) { core_.queue_encoded(pieces); }

void server_session::send_unpublish_notify(std::uint32_t stream_id) {
    queue(make_on_status(stream_id, status::level_status, status::play_unpublish_notify,
                         "The stream was unpublished."));
    queue(make_stream_eof(stream_id));
}

void server_session::send_stream_eof(std::uint32_t stream_id) { queue(make_stream_eof(stream_id)); }

void server_session::send_publish_notify(std::uint32_t stream_id) {
    queue(make_stream_begin(stream_id));
    queue(make_on_status(stream_id, status::level_status, status::play_publish_notify, "The stream was published."));
}

void server_session::send_ping(std::uint32_t now_ms) { queue(make_ping_request(now_ms)); }

std::vector<lal::payload> server_session::take_output() { return core_.take_output(); }

server_session::stream* server_session::find_stream(std::uint32_t id) noexcept {
    auto it = std::find_if(streams_.begin(), streams_.end(), [&](const stream& s) { return s.id == id; });
    return it == streams_.end() ? nullptr : &*it;
}

// The accepted publishing stream media on `stream_id` belongs to. Media on
// stream 0 goes to the connection's publishing stream, for clients that send
// metadata before their stream id.
server_session::stream* server_session::publishing_stream(std::uint32_t stream_id) noexcept {
    auto* s = find_stream(stream_id);
    if (s && s->what == role::publishing) return s;
    return stream_id == 0 ? find_stream(role::publishing, {}) : nullptr;
}

server_session::stream* server_session::find_stream(role what, std::string_view name) noexcept {
    auto it = std::find_if(streams_.begin(), streams_.end(),
                           [&](const stream& s) { return s.what == what && (name.empty() || s.name == name); });
    return it == streams_.end() ? nullptr : &*it;
}

}  // namespace lal::rtmp
