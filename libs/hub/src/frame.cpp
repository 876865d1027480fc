// SPDX-License-Identifier: MIT
#include <lal/hub/frame.hpp>

namespace lal::hub {

frame::~frame() {
    for (const auto* p : encoded_) delete p;
}

const media::wire_form& frame::encoded(form_index form) const {
    // call_once publishes the slot to every thread that later passes it.
    std::call_once(once_[form], [&] {
        encoded_[form] = forms_->ordered(form) ? new media::wire_form()
                                               : new media::wire_form(forms_->encoder(form).encode(item_));
    });
    return *encoded_[form];
}

void frame::set_encoded(form_index form, media::wire_form bytes) {
    std::call_once(once_[form], [&] { encoded_[form] = new media::wire_form(std::move(bytes)); });
}

}  // namespace lal::hub
