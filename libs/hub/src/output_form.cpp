// SPDX-License-Identifier: MIT
#include <lal/hub/output_form.hpp>

#include <stdexcept>

namespace lal::hub {

form_index output_forms::add(std::string name, std::unique_ptr<media::form_encoder> encoder) {
    if (forms_.size() >= max_output_forms) throw std::length_error("lal::hub: too many output forms");
    if (find(name) >= 0) throw std::invalid_argument("lal::hub: output form registered twice: " + name);
    forms_.push_back({std::move(name), std::move(encoder), {}});
    return static_cast<form_index>(forms_.size() - 1);
}

form_index output_forms::add_ordered(std::string name, stream_encoder_factory make) {
    if (forms_.size() >= max_output_forms) throw std::length_error("lal::hub: too many output forms");
    if (find(name) >= 0) throw std::invalid_argument("lal::hub: output form registered twice: " + name);
    forms_.push_back({std::move(name), nullptr, std::move(make)});
    return static_cast<form_index>(forms_.size() - 1);
}

int output_forms::find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < forms_.size(); ++i) {
        if (forms_[i].name == name) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace lal::hub
