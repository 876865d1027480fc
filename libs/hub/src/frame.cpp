// SPDX-License-Identifier: MIT
#include <lal/hub/frame.hpp>

namespace lal::hub {

frame::~frame() {
    for (const auto* p : encoded_) delete p;
}

const media::wire_form& frame::encoded(form_index form) const {
    // call_once publishes the slot to every thread that later passes it.
    std::call_once(once_[form], [&] { encoded_[form] = new media::wire_form(forms_->encoder(form).encode(item_)); });
    return *encoded_[form];
}

}  // namespace lal::hub
