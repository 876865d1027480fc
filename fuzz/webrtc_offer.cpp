// SPDX-License-Identifier: MIT
// WebRTC offers answered by lal (RFC 8829 5.3). Input: one option byte
// (direction, which audio codec the source has), then the offer text. Properties:
// - errors are lal::webrtc's;
// - the answer parses with lal::sdp, has one m= section per offered one in
//   the same order, mids kept; accepted sections use exactly the offered
//   payload type with the same encoding, are passive, rtcp-mux, and in the
//   BUNDLE group; rejected ones have port 0.
#include <cstdint>
#include <string>

#include <lal/sdp/session.hpp>
#include <lal/webrtc/offer_answer.hpp>

#include "fuzz_support.hpp"

namespace webrtc = lal::webrtc;
namespace sdp = lal::sdp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto mode = data[0];
    auto text = lal::fuzz::text_of(data + 1, size - 1);
    webrtc::answer_options o;
    o.dir = (mode & 1) ? webrtc::direction::receive : webrtc::direction::send;
    o.ice = {"lalU", "0123456789abcdefABCDEF01"};
    o.fingerprint = std::string(95, 'A');
    o.candidates = {{"127.0.0.1", 4888}};
    o.video = webrtc::video_source{};
    const lal::media::codec_id audio[] = {lal::media::codec_id::opus, lal::media::codec_id::g711a,
                                          lal::media::codec_id::g711u, lal::media::codec_id::aac};
    o.audio = webrtc::audio_source{audio[(mode >> 1) & 3]};
    auto n = webrtc::answer_offer(text, o);
    if (!n) {
        LAL_FUZZ_CHECK(n.error().category() == webrtc::category());
        return 0;
    }
    auto offer = sdp::parse(text);
    LAL_FUZZ_CHECK(offer.has_value());
    auto answer = sdp::parse(n->answer);
    LAL_FUZZ_CHECK(answer.has_value());
    LAL_FUZZ_CHECK(answer->media.size() == offer->media.size() && n->media.size() == offer->media.size());
    bool any = false;
    for (std::size_t i = 0; i < n->media.size(); ++i) {
        const auto& neg = n->media[i];
        const auto& a = answer->media[i];
        const auto& m = offer->media[i];
        LAL_FUZZ_CHECK(a.media == m.media);
        if (!neg.accepted) {
            LAL_FUZZ_CHECK(a.port == 0);
            continue;
        }
        any = true;
        LAL_FUZZ_CHECK(a.attribute("mid") == m.attribute("mid"));
        LAL_FUZZ_CHECK(a.formats.size() == 1 && a.formats[0] == std::to_string(neg.payload_type));
        auto offered = m.rtpmap(neg.payload_type);
        auto answered = a.rtpmap(neg.payload_type);
        LAL_FUZZ_CHECK(offered && answered && offered->encoding == answered->encoding &&
                       offered->clock_rate == answered->clock_rate);
        LAL_FUZZ_CHECK(a.attribute("setup") == "passive" && a.attribute("rtcp-mux").has_value());
        if (auto group = answer->attribute("group"))
            LAL_FUZZ_CHECK(group->find(std::string(*m.attribute("mid"))) != std::string_view::npos);
    }
    LAL_FUZZ_CHECK(any);
    return 0;
}
