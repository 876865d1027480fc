// SPDX-License-Identifier: MIT
#include "hls_sendfile_cache.hpp"

#include <algorithm>

#include "log.hpp"

namespace lal::server {
namespace {
bool is_listed(const lal::hls::segment* s, const std::deque<lal::hls::segment_ptr>& listed) {
    return std::any_of(listed.begin(), listed.end(), [s](const auto& l) { return l.get() == s; });
}
}  // namespace

void hls_sendfile_cache::forget_dropped() {
    std::erase_if(entries_, [](const entry& e) { return e.seg.expired(); });
}

std::shared_ptr<const net::shared_file> hls_sendfile_cache::get(const lal::hls::segment_ptr& seg,
                                                                const std::deque<lal::hls::segment_ptr>& listed) {
    if (!seg || seg->bytes.empty() || !is_listed(seg.get(), listed)) return nullptr;
    forget_dropped();
    for (const auto& e : entries_) {
        if (e.key == seg.get()) return e.file;
    }
    auto made = net::shared_file::from_bytes(seg->bytes.bytes(), seg->name);
    std::shared_ptr<const net::shared_file> file;
    if (made) {
        file = std::move(*made);
    } else if (!warned_) {
        // Served from memory instead: the same bytes, one more copy per player.
        warned_ = true;
        LAL_LOG_WARN("[hls] no sendfile copy of {}: {}", seg->name, made.error().message());
    }
    entries_.push_back({seg, seg.get(), file});  // a refusal is remembered too: no retry per request
    return file;
}

void hls_sendfile_cache::retain(const std::deque<lal::hls::segment_ptr>& listed) {
    forget_dropped();
    std::erase_if(entries_, [&listed](const entry& e) { return !is_listed(e.key, listed); });
}

std::size_t hls_sendfile_cache::size() {
    forget_dropped();
    return entries_.size();
}

std::size_t hls_sendfile_cache::bytes() {
    forget_dropped();
    std::size_t n = 0;
    for (const auto& e : entries_) n += e.file ? e.file->size() : 0;
    return n;
}

}  // namespace lal::server
