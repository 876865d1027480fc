// SPDX-License-Identifier: MIT
#include "httpflv_player.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <string_view>
#include <utility>

#include <lal/httpflv/client_request.hpp>
#include <lal/http/websocket_handshake.hpp>
#include <lal/httpflv/response_parser.hpp>

#include "error.hpp"

namespace lalbench {
namespace {

// Longest response head accepted before the body.
constexpr std::size_t max_head_size = 16 * 1024;
constexpr std::string_view head_end = "\r\n\r\n";

}  // namespace

httpflv_player::httpflv_player(worker& w, const player_settings& settings, const lal::httpflv::url& url,
                               bool websocket)
    : player(w, settings), url_(url) {
    if (websocket) {
        // RFC 6455 4.1: a random 16-byte nonce, base64 in Sec-WebSocket-Key.
        static thread_local std::mt19937_64 random{std::random_device{}()};
        std::array<std::byte, 16> nonce{};
        for (auto& b : nonce) b = static_cast<std::byte>(random() & 0xff);
        ws_key_ = lal::http::ws::client_key(nonce);
    }
    if (url_.path().ends_with(".ts")) {
        ts_.emplace(ts_reader::handlers{[this] { on_audio(); }, [this](lal::byte_span prefix) { on_video(prefix); }});
    }
}

void httpflv_player::on_connected() {
    lal::httpflv::get_options options;
    options.user_agent = "lalbench";
    auto request = ws_key_.empty() ? lal::httpflv::make_get_request(url_, options)
                                   : lal::http::ws::make_upgrade_request(url_, ws_key_);
    play_requested();
    send(lal::as_byte_span(request));
}

void httpflv_player::on_input(const lal::payload& input) {
    if (streaming_) {
        on_body(input);
        return;
    }
    auto in = input.bytes();
    // RFC 9112 2.1: the head ends at the first empty line. Look for it from a
    // few bytes before the new input, in case it straddles two reads.
    auto from = head_.size() >= 3 ? head_.size() - 3 : 0;
    head_.insert(head_.end(), in.begin(), in.end());
    auto text = lal::as_string_view(head_);
    auto end = text.find(head_end, from);
    if (end == std::string_view::npos) {
        if (head_.size() > max_head_size) fail(errc::bad_http_response, "head too long");
        return;
    }
    // The body's first bytes are the end of this read.
    auto body_bytes = head_.size() - end - head_end.size();
    auto head = std::exchange(head_, {});
    on_head(lal::byte_span(head.data(), head.size() - body_bytes));
    if (!closed() && body_bytes > 0) on_body(input.slice(input.size() - body_bytes));
}

void httpflv_player::on_head(lal::byte_span head) {
    lal::httpflv::response_parser parser;
    if (auto ec = parser.feed(head)) {
        fail(ec, "response head");
        return;
    }
    while (auto e = parser.next()) {
        if (std::holds_alternative<lal::httpflv::redirect>(*e)) {
            fail(errc::http_status, "redirect");
            return;
        }
        const auto* h = std::get_if<lal::httpflv::response_head>(&*e);
        if (!h) continue;
        if (!ws_key_.empty()) {
            // 101 with the accept value for our key, then binary messages (RFC 6455 4.2.2).
            if (auto ec = lal::http::ws::check_response(*h, ws_key_)) {
                fail(ec, std::to_string(h->status));
                return;
            }
            ws_.emplace(lal::http::ws::role::client, lal::http::ws::decoder_limits{1 << 22, 1 << 24});
            streaming_ = true;
            play_started();
            return;
        }
        if (h->status != 200) {
            fail(errc::http_status, std::to_string(h->status));
            return;
        }
        switch (h->framing) {
        case lal::httpflv::body_framing::chunked: chunks_.emplace(); break;
        case lal::httpflv::body_framing::content_length: body_left_ = h->content_length; break;
        case lal::httpflv::body_framing::none:
            fail(errc::bad_http_response, "no body");
            return;
        case lal::httpflv::body_framing::until_close: break;
        }
        streaming_ = true;
        play_started();
        return;
    }
    fail(errc::bad_http_response, "incomplete head");
}

void httpflv_player::on_body(const lal::payload& input) {
    if (ws_) {
        if (auto ec = ws_->feed(input.bytes())) {
            fail(ec, "WebSocket frames");
            return;
        }
        while (auto e = ws_->next()) {
            if (const auto* m = std::get_if<lal::http::ws::message>(&*e)) {
                read_tags(m->data);
            } else if (std::holds_alternative<lal::http::ws::close_frame>(*e)) {
                fail(errc::closed_by_server, "WebSocket close");
            }
            if (closed()) return;
        }
        return;
    }
    auto body = input;
    if (body_left_) {
        // A sized body: anything past it is not ours to read.
        auto n = static_cast<std::size_t>(std::min<std::uint64_t>(*body_left_, body.size()));
        *body_left_ -= n;
        body = body.slice(0, n);
    }
    if (!chunks_) {
        read_tags(body);
        return;
    }
    auto in = body.bytes();
    while (!in.empty() && !closed()) {
        auto data = chunks_->decode(in);
        if (!data) {
            fail(data.error(), "chunked body");
            return;
        }
        if (data->empty()) break;
        // The chunk data is a piece of this read: pass it on as a slice.
        read_tags(body.slice(static_cast<std::size_t>(data->data() - body.data()), data->size()));
    }
}

void httpflv_player::read_tags(const lal::payload& flv) {
    if (ts_) {
        ts_->feed(flv.bytes());
        return;
    }
    if (auto ec = reader_.feed(flv)) {
        fail(ec, "FLV body");
        return;
    }
    while (auto t = reader_.next()) {
        if (t->type == lal::flv::tag_type::audio) on_audio();
        else if (t->type == lal::flv::tag_type::video) on_video(t->data.bytes());
        if (closed()) return;
    }
}

}  // namespace lalbench
