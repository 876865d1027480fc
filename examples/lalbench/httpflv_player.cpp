// SPDX-License-Identifier: MIT
#include "httpflv_player.hpp"

#include <algorithm>
#include <string_view>

#include <lal/httpflv/client_request.hpp>
#include <lal/httpflv/response_parser.hpp>

#include "error.hpp"

namespace lalbench {
namespace {

// Longest response head accepted before the body.
constexpr std::size_t max_head_size = 16 * 1024;
constexpr std::string_view head_end = "\r\n\r\n";

}  // namespace

httpflv_player::httpflv_player(worker& w, const player_settings& settings, const lal::httpflv::url& url)
    : player(w, settings), url_(url) {}

void httpflv_player::on_connected() {
    lal::httpflv::get_options options;
    options.user_agent = "lalbench";
    auto request = lal::httpflv::make_get_request(url_, options);
    play_requested();
    send(lal::as_byte_span(request));
}

void httpflv_player::on_input(lal::byte_span in) {
    if (streaming_) {
        on_body(in);
        return;
    }
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
    auto head_size = end + head_end.size();
    std::vector<std::byte> head;
    head.swap(head_);
    on_head(lal::byte_span(head.data(), head_size));
    if (!closed() && head.size() > head_size) on_body(lal::byte_span(head).subspan(head_size));
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

void httpflv_player::on_body(lal::byte_span in) {
    if (body_left_) {
        // A sized body: anything past it is not ours to read.
        auto n = static_cast<std::size_t>(std::min<std::uint64_t>(*body_left_, in.size()));
        *body_left_ -= n;
        in = in.first(n);
    }
    if (!chunks_) {
        if (auto ec = scanner_.feed(in, *this)) fail(ec, "FLV body");
        return;
    }
    while (!in.empty() && !closed()) {
        auto data = chunks_->decode(in);
        if (!data) {
            fail(data.error(), "chunked body");
            return;
        }
        if (data->empty()) break;
        if (auto ec = scanner_.feed(*data, *this)) {
            fail(ec, "FLV body");
            return;
        }
    }
}

void httpflv_player::on_tag(const scanned_tag& t) {
    if (closed()) return;
    if (t.type == 8) on_audio();
    else if (t.type == 9) on_video(t.body);
}

}  // namespace lalbench
