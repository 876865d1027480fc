// SPDX-License-Identifier: MIT
#pragma once

#include <lal/media/form_encoder.hpp>

namespace lal::flv {

/// The FLV output form of media items (HTTP-FLV, WebSocket-FLV, recordings):
/// each item as one complete tag, its 11-byte header, the body to_flv_pieces
/// gives and PreviousTagSize (E.3, E.4.1). Header bytes plus slices of the
/// item's payload. Stateless: any thread may call it.
class tag_form : public media::form_encoder {
public:
    /// The tag of `item`; empty when FLV cannot carry it.
    media::wire_form encode(const media::media_item& item) const override;
};

}  // namespace lal::flv
