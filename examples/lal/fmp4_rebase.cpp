// SPDX-License-Identifier: MIT
#include "fmp4_rebase.hpp"

#include <algorithm>
#include <optional>

#include <lal/fmp4/muxer.hpp>
#include <lal/fmp4/reader.hpp>

namespace lal::server {

namespace {

std::uint64_t get_be(std::span<const std::byte> b, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = v << 8 | std::to_integer<std::uint64_t>(b[i]);
    return v;
}

void put_be(std::span<std::byte> b, std::size_t n, std::uint64_t v) {
    for (std::size_t i = n; i-- > 0; v >>= 8) b[i] = static_cast<std::byte>(v & 0xff);
}

/// The box at `at` inside [.., end) of `b`, when its header reads and its size fits.
std::optional<fmp4::box_header> box_at(std::span<const std::byte> b, std::size_t at, std::size_t end) {
    if (at >= end) return std::nullopt;
    auto h = fmp4::read_box_header(b.subspan(at, end - at));
    if (!h || h->size < h->header_size || h->size > end - at) return std::nullopt;
    return *h;
}

/// Rebases the tfdt of the traf at [at, end); false when it does not read.
bool rebase_traf(std::span<std::byte> b, std::size_t at, std::size_t end, std::span<const track_origin> origins) {
    std::optional<std::uint32_t> track;
    std::size_t tfdt = 0;
    while (at < end) {
        auto h = box_at(b, at, end);
        if (!h) return false;
        const std::size_t body = at + h->header_size;
        // tfhd (8.8.7): version and flags, then track_ID.
        if (h->is("tfhd") && h->size >= h->header_size + 8u) track = static_cast<std::uint32_t>(get_be(b.subspan(body + 4), 4));
        if (h->is("tfdt")) tfdt = at;
        at += static_cast<std::size_t>(h->size);
    }
    if (!track || tfdt == 0) return true;  // nothing to rebase
    const auto o = std::find_if(origins.begin(), origins.end(), [&](const track_origin& x) { return x.track_id == *track; });
    if (o == origins.end()) return true;
    const auto h = *box_at(b, tfdt, end);
    const std::size_t body = tfdt + h.header_size;
    // tfdt (8.8.12): version 1 holds a 64-bit baseMediaDecodeTime, version 0 a 32-bit one.
    const std::size_t width = std::to_integer<int>(b[body]) == 1 ? 8 : 4;
    if (h.size < h.header_size + 4u + width) return false;
    const auto t = get_be(b.subspan(body + 4), width);
    put_be(b.subspan(body + 4), width, t > o->origin ? t - o->origin : 0);
    return true;
}

}  // namespace

std::vector<track_origin> track_origins(const lal::payload& init, lal::media::micros start_us) {
    std::vector<track_origin> out;
    auto info = fmp4::read_init_segment(init.bytes());
    if (!info) return out;
    for (const auto& t : info->tracks) {
        out.push_back({t.id, fmp4::to_timescale(std::max<lal::media::micros>(start_us, 0), t.timescale)});
    }
    return out;
}

lal::payload rebase_fragment(const lal::payload& head, std::span<const track_origin> origins) {
    const auto in = head.bytes();
    auto moof = box_at(in, 0, in.size());
    if (!moof || !moof->is("moof")) return head;
    std::vector<std::byte> b(in.begin(), in.end());
    const auto end = static_cast<std::size_t>(moof->size);
    for (std::size_t at = moof->header_size; at < end;) {
        auto h = box_at(b, at, end);
        if (!h) return head;
        if (h->is("traf") && !rebase_traf(b, at + h->header_size, at + static_cast<std::size_t>(h->size), origins)) return head;
        at += static_cast<std::size_t>(h->size);
    }
    return lal::payload::adopt(std::move(b));
}

}  // namespace lal::server
