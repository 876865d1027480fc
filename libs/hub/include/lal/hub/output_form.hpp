// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/payload.hpp>
#include <lal/hub/stream_encoder.hpp>
#include <lal/media/form_encoder.hpp>
#include <lal/media/wire_form.hpp>

namespace lal::hub {

/// Index of a registered output form (see output_forms).
using form_index = std::uint8_t;

/// At most this many output forms can be registered: each frame keeps a slot
/// per form (a once-flag and a pointer), so the bound keeps frames small.
inline constexpr std::size_t max_output_forms = 8;

/// The output forms of a server (media::form_encoder: RTMP chunks, FLV tags,
/// later TS packets, RTP payloads...), registered once at start before any
/// frame is made; afterwards read-only and shared by every thread.
class output_forms {
public:
    /// Registers `encoder` under `name` and returns its index. Throws
    /// std::length_error past max_output_forms and std::invalid_argument for a
    /// name already registered (both caller bugs).
    form_index add(std::string name, std::unique_ptr<media::form_encoder> encoder);
    /// Registers a form encoded in stream order by one stream_encoder per stream
    /// (made by `make` when the stream is created), same errors as add().
    form_index add_ordered(std::string name, stream_encoder_factory make);
    /// True for a form registered with add_ordered().
    bool ordered(form_index i) const noexcept { return !forms_[i].encoder; }
    /// The factory of ordered form `i`.
    const stream_encoder_factory& factory(form_index i) const noexcept { return forms_[i].make; }
    /// The index of the form called `name`, or -1 when there is none.
    int find(std::string_view name) const noexcept;
    /// The encoder of form `i` (< size(), not ordered()).
    const media::form_encoder& encoder(form_index i) const noexcept { return *forms_[i].encoder; }
    /// The name of form `i`.
    const std::string& name(form_index i) const noexcept { return forms_[i].name; }
    /// Number of registered forms.
    std::size_t size() const noexcept { return forms_.size(); }

private:
    struct entry {
        std::string name;
        std::unique_ptr<media::form_encoder> encoder;  // null for an ordered form
        stream_encoder_factory make;                   // ordered forms only
    };
    std::vector<entry> forms_;
};

}  // namespace lal::hub
