// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <vector>

#include <lal/hls/segment.hpp>
#include <lal/net/shared_file.hpp>

namespace lal::server {

/// The sendfile copies (net::shared_file) of one stream's listed HLS
/// segments: made on a segment's first request, so a stream nobody watches
/// over HLS holds none, then shared by every player that fetches it (the
/// kernel references the pages; the bytes are not copied per player). Only
/// segments of the live playlist get one, and a copy goes when its segment
/// leaves the playlist (retain()) or memory: at most fragment_num copies, and
/// each call scans that few entries. Segments kept after the playlist for
/// late fetches go from memory. Not thread-safe: the stream calls it under its lock.
class hls_sendfile_cache {
public:
    /// The file of `seg` when it is one of `listed` (the live playlist's
    /// segments), made now on its first request; null when it is not listed,
    /// or when the kernel refused the file (logged once per cache): the
    /// segment then goes from memory.
    std::shared_ptr<const net::shared_file> get(const lal::hls::segment_ptr& seg,
                                                const std::deque<lal::hls::segment_ptr>& listed);
    /// Forgets the files of segments no longer in `listed` (the playlist moved on).
    void retain(const std::deque<lal::hls::segment_ptr>& listed);
    /// Segments with an entry now (dropped segments are forgotten first).
    std::size_t size();
    /// Bytes held in files now: memory beside the segments' own.
    std::size_t bytes();

private:
    struct entry {
        std::weak_ptr<const lal::hls::segment> seg;
        const lal::hls::segment* key;  // valid while `seg` has not expired
        std::shared_ptr<const net::shared_file> file;
    };
    void forget_dropped();

    std::vector<entry> entries_;
    bool warned_ = false;
};

}  // namespace lal::server
