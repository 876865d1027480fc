// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/flv/amf0.hpp>

#include "analysis.hpp"
#include "flv_input.hpp"

namespace modflvfile {

/// What the rewrite may change besides onMetaData.
struct rewrite_options {
    /// Subtract the timestamp of the first audio/video frame from every tag
    /// (earlier sequence headers become 0).
    bool shift_to_zero = false;
};

/// The rewritten file and what its metadata says.
struct rewrite_output {
    std::vector<std::byte> bytes;
    stream_analysis analysis;
    lal::flv::amf0::ecma_array metadata;
};

/// The onMetaData properties for `a`, with key frame positions in the output
/// file and its total size.
lal::flv::amf0::ecma_array build_metadata(const stream_analysis& a,
                                          const std::vector<std::uint64_t>& keyframe_positions,
                                          std::uint64_t file_size);

/// Rewrites `in`: drops its onMetaData tags, optionally shifts timestamps, and
/// puts a rebuilt onMetaData first. Key frame positions need the final layout,
/// so the metadata is built twice: every number is an 8-byte AMF0 double, so
/// its size does not depend on the values and the second build fits exactly.
rewrite_output rewrite(const flv_file& in, const rewrite_options& options);

}  // namespace modflvfile
