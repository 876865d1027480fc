// SPDX-License-Identifier: MIT
#pragma once

#include <lal/media/item.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::media {

/// Turns an item into one output form (RTMP chunks, FLV tags, later TS
/// packets, RTP payloads...): the form's own header bytes plus slices of the
/// item's payload, so a cached item holds its media bytes once whatever the
/// forms. Implementations keep no per-call state and are callable from any
/// thread; an item the form cannot carry gives an empty wire_form.
class form_encoder {
public:
    virtual ~form_encoder() = default;
    /// The complete wire bytes of `item` in this form, as pieces.
    virtual wire_form encode(const media_item& item) const = 0;
};

}  // namespace lal::media
