// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include <lal/base/result.hpp>
#include <lal/rtmp/message.hpp>

namespace lal::rtmp {

/// Splits an aggregate message (type 22, RTMP spec 7.1.6) into its
/// sub-messages. Each body is a slice of the aggregate's body (no copy); each
/// takes the aggregate's message and chunk stream ids; timestamps are moved by
/// (aggregate timestamp - first sub-message timestamp) so the first sub-message
/// lands on the aggregate's timestamp. The last back pointer may be missing.
/// Error: errc::bad_aggregate when a sub-message runs past the body.
lal::result<std::vector<message>> split_aggregate(const message& aggregate);

}  // namespace lal::rtmp
