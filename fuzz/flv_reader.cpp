// SPDX-License-Identifier: MIT
// FLV reader (Adobe FLV spec v10.1 Annex E) and the tag-level parsers it feeds.
// Properties:
// - the same tags, offsets, errors and counters whether the input is fed
//   whole or in pieces (cut points derived from the input), and in the
//   zero-copy mode (pieces fed as payloads) as in the copying mode;
// - no tag is larger than reader_limits::max_tag_size, offsets grow;
// - the tags written back with lal::flv::writer read back identically, at
//   the offsets the writer returned, with no PreviousTagSize mismatch;
// - audio/video tag headers re-encode to the bytes they came from, script
//   tags and sequence headers parse without harm (sizes within bounds).
#include <cmath>
#include <cstdint>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/flv/codec_info.hpp>
#include <lal/flv/flv.hpp>

#include "fuzz_support.hpp"

namespace flv = lal::flv;

namespace {

struct outcome {
    std::optional<flv::file_header> header;
    std::vector<flv::tag> tags;
    std::vector<std::uint64_t> offsets;
    std::error_code feed_error;
    std::error_code finish_error;
    std::uint64_t mismatches = 0;
    std::uint64_t position = 0;
    bool at_boundary = false;

    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Feeder>
outcome read_all(flv::reader_limits limits, Feeder&& feeder, bool zero_copy = false) {
    flv::reader r(limits);
    outcome o;
    feeder([&](lal::byte_span piece) {
        auto ec = zero_copy ? r.feed(lal::payload::copy_from(piece)) : r.feed(piece);
        while (auto t = r.next()) {
            o.tags.push_back(std::move(*t));
            o.offsets.push_back(r.last_tag_offset());
        }
        if (ec) o.feed_error = ec;
        return !ec;
    });
    o.header = r.header();
    o.finish_error = r.finish();
    o.mismatches = r.previous_tag_size_mismatches();
    // How much of the input a dead reader counts as consumed depends on the cut.
    o.position = o.feed_error ? 0 : r.position();
    o.at_boundary = r.at_tag_boundary();
    return o;
}

void check_media_headers(const flv::tag& t) {
    auto body = t.data.bytes();
    if (t.type == flv::tag_type::audio) {
        auto h = flv::parse_audio_tag_header(body);
        if (!h) return;
        std::vector<std::byte> again;
        flv::append_audio_tag_header(*h, again);
        LAL_FUZZ_CHECK(again.size() == h->size());
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(body.first(h->size())) == again);
        if (flv::is_sequence_header(t)) {
            if (auto info = flv::parse_audio_info(body)) {
                LAL_FUZZ_CHECK(info->channels <= 255);
                if (info->frame_duration_ms) LAL_FUZZ_CHECK(std::isfinite(*info->frame_duration_ms));
            }
        }
    } else if (t.type == flv::tag_type::video) {
        auto h = flv::parse_video_tag_header(body);
        if (!h) return;
        std::vector<std::byte> again;
        flv::append_video_tag_header(*h, again);
        LAL_FUZZ_CHECK(again.size() == h->size());
        // The 24-bit composition time is kept sign-extended, so the bytes come back.
        LAL_FUZZ_CHECK(lal::fuzz::to_bytes(body.first(h->size())) == again);
        if (flv::is_sequence_header(t)) {
            if (auto info = flv::parse_video_info(body)) {
                LAL_FUZZ_CHECK(info->width <= 2048 * 16 && info->height <= 2048 * 16 * 2);
                if (info->frame_rate) LAL_FUZZ_CHECK(std::isfinite(*info->frame_rate) && *info->frame_rate > 0);
            }
        }
    } else {
        // The name is an AMF0 string: marker, length, then its bytes.
        auto script = flv::parse_script_data(body);
        if (script) LAL_FUZZ_CHECK(script->name.size() + 3 <= body.size());
    }
}

void check_rewrite(const outcome& o) {
    if (!o.header) return;
    std::vector<std::byte> file;
    flv::writer w(file);
    w.write_header(*o.header);
    std::vector<std::uint64_t> offsets;
    for (const auto& t : o.tags) offsets.push_back(w.write(t));
    LAL_FUZZ_CHECK(w.offset() == file.size());

    auto back = read_all({}, [&](auto&& feed) { feed(lal::byte_span(file)); });
    LAL_FUZZ_CHECK(!back.feed_error && !back.finish_error);
    LAL_FUZZ_CHECK(back.at_boundary && back.mismatches == 0);
    LAL_FUZZ_CHECK(back.header.has_value());
    LAL_FUZZ_CHECK(back.header->version == o.header->version);
    LAL_FUZZ_CHECK(back.header->has_audio == o.header->has_audio);
    LAL_FUZZ_CHECK(back.header->has_video == o.header->has_video);
    LAL_FUZZ_CHECK(back.tags == o.tags);
    LAL_FUZZ_CHECK(back.offsets == offsets);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    flv::reader_limits limits;
    // Now and then a small cap, so tag_too_large is reached too.
    if (lal::fuzz::seed_of(in) % 4 == 0) limits.max_tag_size = lal::fuzz::seed_of(in) % 4096;

    auto whole = read_all(limits, [&](auto&& feed) { feed(in); });
    auto plan = lal::fuzz::plan_for(in);
    auto pieces = read_all(limits, [&](auto&& feed) { lal::fuzz::feed_pieces(in, plan, feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    auto shared = read_all(limits, [&](auto&& feed) { lal::fuzz::feed_pieces(in, plan, feed); }, true);
    LAL_FUZZ_CHECK(whole == shared);
    LAL_FUZZ_CHECK(whole.position <= in.size());

    std::uint64_t previous_end = 0;
    for (std::size_t i = 0; i < whole.tags.size(); ++i) {
        const auto& t = whole.tags[i];
        LAL_FUZZ_CHECK(t.data.size() <= limits.max_tag_size);
        LAL_FUZZ_CHECK(whole.offsets[i] >= previous_end);
        previous_end = whole.offsets[i] + flv::tag_header_size + t.data.size();
        LAL_FUZZ_CHECK(previous_end <= in.size());
        check_media_headers(t);
    }
    check_rewrite(whole);
    return 0;
}
