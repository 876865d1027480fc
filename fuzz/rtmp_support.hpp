// SPDX-License-Identifier: MIT
// Helpers of the RTMP fuzz targets: deterministic handshake bytes, output
// flattening, and event descriptions that can be compared across runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/flv/amf0.hpp>
#include <lal/rtmp/client_session.hpp>
#include <lal/rtmp/handshake.hpp>
#include <lal/rtmp/message.hpp>
#include <lal/rtmp/server_session.hpp>

namespace lal::fuzz {

/// 1536 bytes filled from `seed` by a linear congruential generator.
inline std::vector<std::byte> pseudo_random(std::uint32_t seed) {
    std::vector<std::byte> out(lal::rtmp::handshake_size);
    for (auto& b : out) {
        seed = seed * 1103515245u + 12345u;
        b = static_cast<std::byte>((seed >> 16) & 0xff);
    }
    return out;
}

/// 1536 bytes that repeat `in` (or zeros when it is empty), for handshakes
/// whose random bytes come from the fuzz input.
inline std::vector<std::byte> random_from(lal::byte_span in) {
    std::vector<std::byte> out(lal::rtmp::handshake_size);
    for (std::size_t i = 0; i < out.size() && !in.empty(); ++i) out[i] = in[i % in.size()];
    return out;
}

/// Concatenated buffers: what one gathered write sends.
inline std::vector<std::byte> flatten(const std::vector<lal::payload>& buffers) {
    std::vector<std::byte> out;
    for (const auto& p : buffers) out.insert(out.end(), p.bytes().begin(), p.bytes().end());
    return out;
}

/// Appends a message's header fields and body to a description.
inline void describe_message(const lal::rtmp::message& m, std::string& out) {
    out += " type=" + std::to_string(m.type_id) + " ts=" + std::to_string(m.timestamp) +
           " msid=" + std::to_string(m.message_stream_id) + " csid=" + std::to_string(m.chunk_stream_id) +
           " body=";
    auto text = lal::as_string_view(m.body.bytes());
    out.append(text.data(), text.size());
}

/// A server event as text, every field included, for comparisons.
inline std::string describe(const lal::rtmp::server_event& ev) {
    namespace e = lal::rtmp::server_events;
    std::string out = "event " + std::to_string(ev.index());
    if (const auto* con = std::get_if<e::connect>(&ev)) {
        out += " app=" + con->app + " tc=" + con->tc_url + " q=" + con->query + " obj=";
        auto obj = lal::flv::amf0::encode(lal::flv::amf0::value(con->command_object));
        auto text = lal::as_string_view(obj);
        out.append(text.data(), text.size());
    } else if (const auto* pub = std::get_if<e::publish>(&ev)) {
        out += " id=" + std::to_string(pub->stream_id) + " app=" + pub->app + " name=" + pub->stream_name +
               " q=" + pub->query + " type=" + pub->type;
    } else if (const auto* ply = std::get_if<e::play>(&ev)) {
        out += " id=" + std::to_string(ply->stream_id) + " app=" + ply->app + " name=" + ply->stream_name +
               " q=" + ply->query + " start=" + std::to_string(ply->start) + " dur=" + std::to_string(ply->duration) +
               " reset=" + std::to_string(ply->reset);
    } else if (const auto* med = std::get_if<e::media>(&ev)) {
        describe_message(med->msg, out);
    } else if (const auto* meta = std::get_if<e::metadata>(&ev)) {
        describe_message(meta->msg, out);
    } else if (const auto* unp = std::get_if<e::unpublish>(&ev)) {
        out += " id=" + std::to_string(unp->stream_id) + " name=" + unp->stream_name;
    } else if (const auto* stop = std::get_if<e::stop_play>(&ev)) {
        out += " id=" + std::to_string(stop->stream_id) + " name=" + stop->stream_name;
    } else if (const auto* err = std::get_if<e::error>(&ev)) {
        out += " error=" + err->code.message();
    }
    return out;
}

/// A client event as text, every field included, for comparisons.
inline std::string describe(const lal::rtmp::client_event& ev) {
    namespace e = lal::rtmp::client_events;
    std::string out = "event " + std::to_string(ev.index());
    auto append_value = [&](const lal::flv::amf0::value& v) {
        auto bytes = lal::flv::amf0::encode(v);
        auto text = lal::as_string_view(bytes);
        out.append(text.data(), text.size());
    };
    if (const auto* con = std::get_if<e::connected>(&ev)) {
        out += " props=";
        append_value(con->properties);
        out += " info=";
        append_value(con->info);
    } else if (const auto* created = std::get_if<e::stream_created>(&ev)) {
        out += " id=" + std::to_string(created->stream_id);
    } else if (const auto* pub = std::get_if<e::publish_started>(&ev)) {
        out += " code=" + pub->code + " desc=" + pub->description;
    } else if (const auto* ply = std::get_if<e::play_started>(&ev)) {
        out += " code=" + ply->code + " desc=" + ply->description;
    } else if (const auto* st = std::get_if<e::status>(&ev)) {
        out += " id=" + std::to_string(st->stream_id) + " level=" + st->level + " code=" + st->code +
               " desc=" + st->description;
    } else if (const auto* med = std::get_if<e::media>(&ev)) {
        describe_message(med->msg, out);
    } else if (const auto* meta = std::get_if<e::metadata>(&ev)) {
        describe_message(meta->msg, out);
    } else if (const auto* eof = std::get_if<e::stream_eof>(&ev)) {
        out += " id=" + std::to_string(eof->stream_id);
    } else if (const auto* fail = std::get_if<e::failed>(&ev)) {
        out += " error=" + fail->error.message() + " code=" + fail->code + " desc=" + fail->description;
    }
    return out;
}

}  // namespace lal::fuzz
