// SPDX-License-Identifier: MIT
// The HLS segmenter (lal::hls) driven by a script read from the input: the
// first 6 bytes pick the options, then each op byte feeds a frame (kind, key
// flag, a signed dts step from the next two bytes, a size), starts or ends a
// publish, or changes the PSI.
// Properties:
// - every live playlist it publishes, and every eighth record playlist and
//   the last, pass the tests' RFC 8216 checker across fetches (target
//   duration may grow, never shrink);
// - the segments' bytes are each the PSI in effect at their opening followed
//   by the frames the segmenter accepted, in order, none lost or repeated;
// - a segment passes max_segment_bytes only when it holds one frame;
// - memory holds at most the window plus delete_threshold segments, each
//   found by name; durations are never negative;
// - events come in order: a segment opens before it closes, sequence numbers
//   follow each other.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <lal/hls/segmenter.hpp>

#include "../tests/support/hls_playlist_checker.hpp"
#include "fuzz_support.hpp"

namespace hls = lal::hls;
using lal::media::media_kind;

namespace {

struct script {
    const std::uint8_t* at;
    const std::uint8_t* end;
    bool done() const { return at == end; }
    std::uint8_t byte() { return at == end ? 0 : *at++; }
};

class driver {
public:
    explicit driver(hls::segmenter seg) : seg_(std::move(seg)) {
        live_settings_.target_may_grow = true;
        live_ = lal::test::hls::playlist_checker(live_settings_);
        record_ = lal::test::hls::playlist_checker(live_settings_);
    }

    void set_psi(std::size_t packets) {
        psi_.assign(packets * 188, static_cast<std::byte>(0x40 + psi_version_++ % 64));
        seg_.set_psi(lal::payload::copy_from(psi_));
    }

    void frame(media_kind kind, bool key, std::int64_t dts, std::size_t size, std::int64_t wall) {
        hls::ts_frame f;
        f.kind = kind;
        f.dts = dts;
        f.keyframe = key;
        std::vector<std::byte> bytes(size, static_cast<std::byte>(counter_++));
        if (size > 1) f.ts.add(lal::payload::copy_from(lal::byte_span(bytes).first(1)));
        f.ts.add(lal::payload::copy_from(lal::byte_span(bytes).subspan(size > 1 ? 1 : 0)));
        if (held_.size() != seg_.held_audio()) {
            // Let go between frames (a republish): the segmenter holds nothing then.
            LAL_FUZZ_CHECK(seg_.held_audio() == 0);
            held_.clear();
        }
        const auto before = seg_.stats().frames;
        const auto held_before = seg_.held_audio();
        const auto held_total_before = seg_.held_audio_total();
        seg_.on_frame(f, wall);
        const auto after = seg_.stats().frames;
        const auto held_after = seg_.held_audio();
        const auto pushed = seg_.held_audio_total() - held_total_before;
        LAL_FUZZ_CHECK(pushed <= 1);
        if (held_before > 0 && held_after == 0 && pushed == 0 && after == before + held_before + 1) {
            // An audio-only decision: the held audio is taken first, in order, then this frame.
            for (const auto& h : held_) take_frame(h);
            held_.clear();
        } else {
            // A frame is taken or not; the held audio may be let go (a key
            // frame came, a republish, a timestamp jump) and this one held.
            LAL_FUZZ_CHECK(after == before || after == before + 1);
            if (held_after != held_before + pushed) held_.clear();
            if (pushed == 1) {
                LAL_FUZZ_CHECK(after == before && kind == media_kind::audio);
                held_.push_back(bytes);
            }
        }
        LAL_FUZZ_CHECK(held_.size() == held_after);
        drain();
        if (after != before) take_frame(bytes);
    }

    void take_frame(const std::vector<std::byte>& bytes) {
        accepted_.insert(accepted_.end(), bytes.begin(), bytes.end());
        ++frames_in_open_;
    }

    hls::segmenter& seg() { return seg_; }

    void drain() {
        while (auto e = seg_.next_event()) std::visit([this](auto& ev) { take(ev); }, *e);
        const auto& o = seg_.options();
        const auto memory = seg_.in_memory();
        const auto threshold = hls::effective_delete_threshold(o);
        LAL_FUZZ_CHECK(memory.size() <= seg_.window().size() + threshold);
        for (const auto& s : memory) LAL_FUZZ_CHECK(seg_.find(s->name) == s);
    }

    void finish() {
        seg_.on_publish_end(0);
        drain();
        // Every accepted frame is in a closed segment, after that segment's PSI.
        std::vector<std::byte> joined;
        for (const auto& [sequence, s] : closed_) {
            const auto& psi = psi_at_open_.at(sequence);
            const auto b = s->bytes.bytes();
            LAL_FUZZ_CHECK(b.size() >= psi.size());
            LAL_FUZZ_CHECK(std::equal(psi.begin(), psi.end(), b.begin()));
            joined.insert(joined.end(), b.begin() + static_cast<std::ptrdiff_t>(psi.size()), b.end());
        }
        LAL_FUZZ_CHECK(joined == accepted_);
        LAL_FUZZ_CHECK(seg_.ended());
    }

private:
    void take(hls::segment_opened& e) {
        LAL_FUZZ_CHECK(e.sequence == next_open_);
        LAL_FUZZ_CHECK(!open_);
        ++next_open_;
        open_ = true;
        frames_in_open_ = 0;
        psi_at_open_[e.sequence] = psi_;
    }
    void take(hls::segment_closed& e) {
        LAL_FUZZ_CHECK(open_ && e.seg->sequence + 1 == next_open_);
        open_ = false;
        LAL_FUZZ_CHECK(e.seg->duration >= 0);
        const auto limit = seg_.options().max_segment_bytes;
        LAL_FUZZ_CHECK(e.seg->bytes.size() <= limit || frames_in_open_ <= 1);
        closed_[e.seg->sequence] = e.seg;
    }
    void take(hls::playlist_updated&) {
        const auto text = lal::as_string_view(seg_.playlist().bytes());
        const auto problems = live_.check(text);
        if (!problems.empty()) {
            std::fprintf(stderr, "%s\n%.*s\n", problems.front().c_str(), static_cast<int>(text.size()), text.data());
        }
        LAL_FUZZ_CHECK(problems.empty());
        // The record playlist grows without end: checking every eighth fetch
        // (and the last) keeps the oracle from dominating the run.
        if (!seg_.record_playlist().empty() && (++record_updates_ % 8 == 0 || seg_.ended())) {
            const auto rec = lal::as_string_view(seg_.record_playlist().bytes());
            const auto rp = record_.check(rec);
            if (!rp.empty()) std::fprintf(stderr, "%s\n", rp.front().c_str());
            LAL_FUZZ_CHECK(rp.empty());
        }
    }
    void take(hls::segment_evicted&) {}
    void take(hls::delete_files&) {}

    hls::segmenter seg_;
    std::vector<std::vector<std::byte>> held_;  // the bytes of the frames the segmenter holds
    lal::test::hls::playlist_checker::settings live_settings_;
    lal::test::hls::playlist_checker live_;
    lal::test::hls::playlist_checker record_;
    std::vector<std::byte> psi_;
    unsigned psi_version_ = 0;
    std::uint8_t counter_ = 0;
    std::vector<std::byte> accepted_;
    std::map<std::uint64_t, std::vector<std::byte>> psi_at_open_;
    std::map<std::uint64_t, hls::segment_ptr> closed_;
    std::uint64_t next_open_ = 0;
    bool open_ = false;
    std::size_t frames_in_open_ = 0;
    std::size_t record_updates_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    script in{data, data + size};
    hls::segmenter_options o;
    o.stream_name = "fuzz";
    o.fragment_duration_ms = 100 + std::uint32_t{in.byte()} * 20;
    o.fragment_num = 1 + in.byte() % 8;
    o.delete_threshold = in.byte() % 5;
    o.timestamp_jump_ms = 200 + std::uint32_t{in.byte()} * 40;
    const auto flags = in.byte();
    o.record_playlist = flags & 1;
    o.cleanup = static_cast<hls::cleanup_mode>((flags >> 1) % 3);
    o.max_fragment_duration_ms = (flags >> 3) * 200;
    o.max_segment_bytes = 188 * (2 + std::size_t{in.byte()});
    auto created = hls::segmenter::create(o);
    LAL_FUZZ_CHECK(created.has_value());
    driver d(std::move(*created));
    d.set_psi(2);

    std::int64_t dts = 0, wall = 1'796'611'644'000;
    while (!in.done()) {
        const auto op = in.byte();
        switch (op % 10) {
        case 7:
            (void)d.seg().on_publish_start(op & 0x10);
            d.drain();
            break;
        case 8:
            if ((op >> 4) == 0xf) {
                d.seg().on_publish_end(wall);
                d.drain();
            }
            break;
        case 9:
            d.set_psi((op >> 4) % 3);
            break;
        default: {
            // A dts step of -3.2 to +3.2 s in 100 µs units, or a huge one now and then.
            const auto hi = in.byte(), lo = in.byte();
            auto step = static_cast<std::int16_t>((hi << 8) | lo);
            std::int64_t delta = std::int64_t{step} * 100;
            if (op % 10 == 6) delta *= 1'000'000'000;
            // Wrapping on purpose: the segmenter must survive any timestamps.
            dts = static_cast<std::int64_t>(static_cast<std::uint64_t>(dts) + static_cast<std::uint64_t>(delta));
            if (delta > 0) wall = static_cast<std::int64_t>(static_cast<std::uint64_t>(wall) + static_cast<std::uint64_t>(delta / 1000));
            const auto kind = (op & 0x30) == 0x30 ? media_kind::metadata : (op & 0x10) ? media_kind::audio : media_kind::video;
            d.frame(kind, op & 0x40, dts, 1 + (op >> 6) * 60, wall);
        }
        }
    }
    d.finish();
    return 0;
}
