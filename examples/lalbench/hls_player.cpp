// SPDX-License-Identifier: MIT
#include "hls_player.hpp"

#include <atomic>
#include <charconv>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <lal/httpflv/response_parser.hpp>

#include "error.hpp"

namespace lalbench {
namespace {

constexpr std::size_t max_head_size = 16 * 1024;
constexpr std::size_t max_playlist_size = 1024 * 1024;
constexpr std::uint64_t max_segment_size = 256ull * 1024 * 1024;
constexpr std::string_view head_end = "\r\n\r\n";

std::atomic<std::uint64_t> next_agent{0};

/// The value of attribute `name` in an attribute list (RFC 8216 4.2), quotes removed; empty when absent.
std::string_view attribute(std::string_view list, std::string_view name) {
    std::size_t at = 0;
    while (at < list.size()) {
        const auto eq = list.find('=', at);
        if (eq == std::string_view::npos) return {};
        const auto key = list.substr(at, eq - at);
        std::size_t end = eq + 1;
        if (end < list.size() && list[end] == '"') {
            end = list.find('"', end + 1);
            if (end == std::string_view::npos) return {};
            ++end;
        }
        end = std::min(list.find(',', end), list.size());
        if (key == name) {
            auto value = list.substr(eq + 1, end - eq - 1);
            if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
            return value;
        }
        at = end + 1;
    }
    return {};
}

/// The first line of `text` without its CR LF or LF (RFC 8216 4.1), which it removes from `text`.
std::string_view next_line(std::string_view& text) {
    const auto eol = text.find('\n');
    auto line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

/// The unsigned value after `tag` on a playlist line, if the line has that tag.
std::optional<std::uint64_t> tag_value(std::string_view line, std::string_view tag) {
    if (!line.starts_with(tag)) return std::nullopt;
    line.remove_prefix(tag.size());
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
    if (ec != std::errc{} || end == line.data()) return std::nullopt;
    return v;
}

}  // namespace

hls_player::hls_player(worker& w, const player_settings& settings, const lal::httpflv::url& url)
    : player(w, settings),
      url_(url),
      agent_(fmt::format("lalbench-hls/{}", next_agent.fetch_add(1))),
      ts_({[this] { on_audio(); }, [this](lal::byte_span prefix) { on_video(prefix); }}),
      fmp4_({[this] { on_audio(); }, [this](lal::byte_span prefix) { on_video(prefix); }}) {
    const auto path = url_.path();
    base_ = std::string(path.substr(0, path.rfind('/') + 1));
}

void hls_player::on_connected() {
    play_requested();
    get(url_.target, fetching::playlist);
}

void hls_player::get(const std::string& path, fetching what) {
    fetching_ = what;
    auto request = fmt::format("GET {} HTTP/1.1\r\nHost: {}:{}\r\nUser-Agent: {}\r\nConnection: keep-alive\r\n\r\n",
                               path, url_.host, url_.port, agent_);
    send(lal::as_byte_span(request));
}

void hls_player::check(clock_type::time_point now) {
    player::check(now);
    if (closed() || !next_poll_ || now < *next_poll_) return;
    next_poll_.reset();
    get(url_.target, fetching::playlist);
}

void hls_player::on_input(const lal::payload& input) {
    auto rest = input;
    while (!rest.empty() && !closed()) {
        if (in_body_) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, rest.size()));
            on_body(rest.slice(0, n));
            rest = rest.slice(n, rest.size() - n);
            body_left_ -= n;
            if (body_left_ == 0) body_done();
            continue;
        }
        if (fetching_ == fetching::nothing) {
            fail(errc::bad_http_response, "bytes without a request");
            return;
        }
        // RFC 9112 2.1: the head ends at the first empty line (it may straddle reads).
        const auto from = head_.size() >= 3 ? head_.size() - 3 : 0;
        const auto in = rest.bytes();
        head_.insert(head_.end(), in.begin(), in.end());
        const auto end = lal::as_string_view(head_).find(head_end, from);
        if (end == std::string_view::npos) {
            if (head_.size() > max_head_size) fail(errc::bad_http_response, "head too long");
            return;
        }
        const auto body_bytes = head_.size() - end - head_end.size();
        auto head = std::exchange(head_, {});
        on_head(lal::byte_span(head.data(), head.size() - body_bytes));
        rest = rest.slice(rest.size() - body_bytes, body_bytes);
        if (!closed() && in_body_ && body_left_ == 0) body_done();
    }
}

void hls_player::on_head(lal::byte_span head) {
    lal::httpflv::response_parser parser;
    if (auto ec = parser.feed(head)) {
        fail(ec, "response head");
        return;
    }
    while (auto e = parser.next()) {
        const auto* h = std::get_if<lal::httpflv::response_head>(&*e);
        if (!h) continue;
        if (h->status != 200) {
            fail(errc::http_status, std::to_string(h->status));
            return;
        }
        // Playlists and segments are files: a sized body (chunked is not expected here).
        if (h->framing != lal::httpflv::body_framing::content_length) {
            fail(errc::bad_http_response, "no Content-Length");
            return;
        }
        const auto limit = fetching_ == fetching::playlist ? max_playlist_size : max_segment_size;
        media_.clear();
        if (h->content_length > limit) {
            fail(errc::bad_http_response, "body too large");
            return;
        }
        in_body_ = true;
        body_left_ = h->content_length;
        if (fetching_ == fetching::playlist) {
            playlist_.clear();
            play_started();
        }
        return;
    }
    fail(errc::bad_http_response, "incomplete head");
}

void hls_player::on_body(const lal::payload& body) {
    if (fetching_ == fetching::playlist) {
        const auto text = lal::as_string_view(body.bytes());
        playlist_.append(text.data(), text.size());
    } else if (!map_uri_.empty()) {
        const auto in = body.bytes();
        media_.insert(media_.end(), in.begin(), in.end());  // fMP4 is read whole: moof before mdat
    } else {
        ts_.feed(body.bytes());
    }
}

void hls_player::body_done() {
    in_body_ = false;
    const auto what = std::exchange(fetching_, fetching::nothing);
    if (what == fetching::playlist) {
        on_playlist(playlist_);
    } else if (what == fetching::init) {
        if (auto error = fmp4_.init(media_); !error.empty()) fail(errc::bad_http_response, error);
    } else if (!map_uri_.empty()) {
        if (auto error = fmp4_.fragments(media_); !error.empty()) fail(errc::bad_http_response, error);
    } else {
        ts_.finish();
    }
    if (!closed()) next_request();
}

std::string hls_player::resolve(std::string_view uri) const {
    if (uri.starts_with("http://") || uri.starts_with("https://")) {
        const auto slash = uri.find('/', uri.find("//") + 2);
        return slash == std::string_view::npos ? "/" : std::string(uri.substr(slash));
    }
    return !uri.empty() && uri.front() == '/' ? std::string(uri) : base_ + std::string(uri);
}

void hls_player::on_playlist(std::string_view text) {
    if (on_low_latency_playlist(text)) return;
    std::uint64_t sequence = 0;
    std::vector<std::pair<std::uint64_t, std::string>> listed;
    while (!text.empty()) {
        const auto line = next_line(text);
        if (auto v = tag_value(line, "#EXT-X-MEDIA-SEQUENCE:")) sequence = *v;    // RFC 8216 4.3.3.2
        if (auto v = tag_value(line, "#EXT-X-TARGETDURATION:")) target_ = std::chrono::seconds(*v);  // 4.3.3.1
        if (line.starts_with("#EXT-X-MAP:") && map_uri_.empty()) {  // 4.3.2.5: fMP4 media
            map_uri_ = resolve(attribute(line.substr(11), "URI"));
        }
        if (line.empty() || line.front() == '#') continue;
        listed.emplace_back(sequence + listed.size(), resolve(line));
    }
    changed_ = false;
    if (!map_uri_.empty() && !fmp4_.ready() && queue_.empty()) queue_.push_back("");  // the init segment first
    if (listed.empty()) return;
    // A live player joins at the newest segment, then takes each new one once.
    const auto from = last_sequence_ ? *last_sequence_ + 1 : listed.back().first;
    for (auto& [seq, path] : listed) {
        if (seq < from) continue;
        queue_.push_back(std::move(path));
        last_sequence_ = seq;
        changed_ = true;
    }
}

bool hls_player::on_low_latency_playlist(std::string_view text) {
    // RFC 8216bis 4.4.4.9 parts: those before a segment's URI line are its
    // parts; those after the last one belong to the segment being made.
    struct listed_part {
        part_id id;
        std::string path;
        bool independent = false;
    };
    std::vector<listed_part> parts;
    std::uint64_t msn = 0;
    std::uint32_t index = 0;
    bool blocking = false;
    while (!text.empty()) {
        const auto line = next_line(text);
        if (auto v = tag_value(line, "#EXT-X-MEDIA-SEQUENCE:")) msn = *v;
        if (line.starts_with("#EXT-X-SERVER-CONTROL:")) blocking = attribute(line.substr(22), "CAN-BLOCK-RELOAD") == "YES";
        if (line.starts_with("#EXT-X-MAP:") && map_uri_.empty()) map_uri_ = resolve(attribute(line.substr(11), "URI"));
        if (line.starts_with("#EXT-X-PART:")) {
            const auto list = line.substr(12);
            parts.push_back({{msn, index++}, resolve(attribute(list, "URI")), attribute(list, "INDEPENDENT") == "YES"});
        } else if (!line.empty() && line.front() != '#') {
            ++msn;  // a segment's URI: the next parts are the next segment's
            index = 0;
        }
    }
    low_latency_ = blocking && !parts.empty();
    if (!low_latency_) return false;
    changed_ = false;
    if (!map_uri_.empty() && !fmp4_.ready()) queue_.push_back("");  // the init segment first
    // A live player joins at the newest independent part (a key frame), then takes each new part once.
    std::size_t from = 0;
    if (!last_part_) {
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts[i].independent) from = i;
        }
    }
    for (std::size_t i = from; i < parts.size(); ++i) {
        if (last_part_ && parts[i].id <= *last_part_) continue;
        queue_.push_back(std::move(parts[i].path));
        last_part_ = parts[i].id;
        changed_ = true;
    }
    last_part_closes_segment_ = last_part_ && last_part_->msn < msn;
    return true;
}

void hls_player::next_request() {
    if (!queue_.empty()) {
        auto path = std::move(queue_.front());
        queue_.erase(queue_.begin());
        if (path.empty()) return get(map_uri_, fetching::init);
        get(path, fetching::segment);
        return;
    }
    if (low_latency_ && last_part_) {
        // RFC 8216bis 6.2.5.2: ask for the playlist that holds the next part; the server holds the request.
        const auto next = last_part_closes_segment_ ? part_id{last_part_->msn + 1, 0}
                                                    : part_id{last_part_->msn, last_part_->index + 1};
        const auto separator = url_.target.find('?') == std::string::npos ? '?' : '&';
        get(fmt::format("{}{}_HLS_msn={}&_HLS_part={}", url_.target, separator, next.msn, next.index), fetching::playlist);
        return;
    }
    // RFC 8216 6.3.4: reload after the target duration, half of it when the playlist did not change.
    next_poll_ = clock_type::now() + (changed_ ? target_ : target_ / 2);
}

}  // namespace lalbench
