// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <lal/hls/segment.hpp>
#include <lal/net/shared_file.hpp>

namespace lal::server {

/// The sendfile copies (net::shared_file) of one stream's segments: made on a
/// segment's first request, so a stream nobody watches over HLS holds none,
/// then shared by every player that fetches it (the kernel references the
/// pages; the bytes are not copied per player). An entry goes once nothing
/// holds its segment any more (the segmenter dropped it). Holds at most the
/// segments in memory, so each call is a scan of a few entries. Not
/// thread-safe: the stream calls it under its lock.
class hls_sendfile_cache {
public:
    /// The file of `seg`, made now on its first request; null when the kernel
    /// refused it (the segment then goes from memory: logged once per cache).
    std::shared_ptr<const net::shared_file> get(const lal::hls::segment_ptr& seg);
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
