// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>

#include <lal/hub/stream_key.hpp>
#include <lal/media/item.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::hub {

/// An output form with state per stream (MPEG-TS: the continuity counters of
/// its PIDs, ISO/IEC 13818-1 2.4.3.3), so it cannot be encoded lazily by
/// whichever thread asks first. The stream owns one instance and runs it at
/// flush, on the publisher's thread and in stream order, before the frame is
/// shared; every subscriber and the GOP cache then share the bytes.
class stream_encoder {
public:
    virtual ~stream_encoder() = default;
    /// The wire bytes of `item` (dts/pts on the stream's timeline); empty for
    /// an item the form does not carry.
    virtual media::wire_form encode(const media::media_item& item) = 0;
};

/// Makes the encoder of one stream when it is created; null when the form is
/// not wanted for that stream (then its frames carry no bytes in the form).
using stream_encoder_factory = std::function<std::unique_ptr<stream_encoder>(const stream_key&)>;

}  // namespace lal::hub
