// SPDX-License-Identifier: MIT
#include "rtsp_player.hpp"

#include <algorithm>
#include <charconv>
#include <random>
#include <vector>

#include "error.hpp"
#include "stamp.hpp"

namespace lalbench {
namespace {

std::int64_t now_ms() { return static_cast<std::int64_t>(now_us() / 1000); }

lal::rtsp::client_options options_of(const rtsp_target& t) {
    lal::rtsp::client_options o;
    o.url = t.url;
    o.tcp = true;
    o.random = std::random_device{}();
    return o;
}

// H.264 NAL unit types a frame may start with before its slices and SEI (ITU-T H.264 7.4.1.2.3).
bool parameter_set(std::uint8_t nal_type) { return nal_type == 7 || nal_type == 8 || nal_type == 9; }

}  // namespace

std::optional<rtsp_target> parse_rtsp_target(std::string_view text) {
    constexpr std::string_view scheme = "rtsp://";
    if (!text.starts_with(scheme)) return std::nullopt;
    auto rest = text.substr(scheme.size());
    auto authority = rest.substr(0, rest.find('/'));
    if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    auto hp = split_authority(authority, 554);
    if (!hp) return std::nullopt;
    return rtsp_target{std::string(text), std::move(hp->host), hp->port};
}

rtsp_player::rtsp_player(worker& w, const player_settings& settings, const rtsp_target& target)
    : player(w, settings), session_(options_of(target)) {}

void rtsp_player::on_connected() {
    session_.pull(now_ms());
    play_requested();
    flush_output();
}

void rtsp_player::check(clock_type::time_point now) {
    if (!closed()) {
        session_.tick(now_ms());  // GET_PARAMETER keep-alive at half the Session timeout
        flush_output();
    }
    player::check(now);
}

void rtsp_player::flush_output() {
    for (const auto& p : session_.take_output()) send(p.bytes());
}

void rtsp_player::on_input(const lal::payload& in) {
    if (auto ec = session_.feed(in.bytes(), now_ms())) {
        fail(ec, "rtsp");
        return;
    }
    while (auto e = session_.next_event()) {
        if (std::holds_alternative<lal::rtsp::client_started>(*e)) {
            play_started();
        } else if (auto* m = std::get_if<lal::rtsp::client_media>(&*e)) {
            on_frame(m->frame);
        } else {
            fail(errc::closed_by_server, "TEARDOWN");
        }
        if (closed()) return;
    }
    flush_output();
}

void rtsp_player::on_frame(const lal::media::media_frame& f) {
    if (f.kind == lal::media::media_kind::audio) return on_audio();
    if (f.kind != lal::media::media_kind::video) return;
    // The stamp reader wants an FLV AVC body (E.4.3.1) whose first NAL unit is
    // the stamp's SEI: the header, then the frame from its first NAL unit that
    // is not a parameter set the packetizer put in front of a key frame.
    const auto data = f.data.bytes();
    std::size_t pos = 0;
    while (pos + 5 <= data.size() && parameter_set(std::to_integer<std::uint8_t>(data[pos + 4]) & 0x1f)) {
        const auto size = lal::load_be(data.data() + pos, 4);
        if (size > data.size() - pos - 4) break;
        pos += 4 + size;
    }
    std::array<std::byte, stamp_prefix_size> prefix{};
    prefix[0] = std::byte{static_cast<std::uint8_t>(f.keyframe ? 0x17 : 0x27)};
    prefix[1] = std::byte{1};  // AVC NALU
    const auto n = std::min(prefix.size() - 5, data.size() - std::min(pos, data.size()));
    std::copy_n(data.begin() + static_cast<std::ptrdiff_t>(std::min(pos, data.size())), n, prefix.begin() + 5);
    on_video(lal::byte_span(prefix.data(), 5 + n));
}

}  // namespace lalbench
