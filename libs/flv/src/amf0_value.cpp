// SPDX-License-Identifier: MIT
#include <lal/flv/amf0.hpp>

#include <algorithm>

namespace lal::flv::amf0 {

property_map::property_map(std::initializer_list<property> init) : properties(init) {}

const value* property_map::get(std::string_view key) const noexcept {
    auto it = std::find_if(properties.begin(), properties.end(),
                           [&](const property& p) { return p.key == key; });
    return it == properties.end() ? nullptr : &it->value;
}

value* property_map::get(std::string_view key) noexcept {
    auto it = std::find_if(properties.begin(), properties.end(),
                           [&](const property& p) { return p.key == key; });
    return it == properties.end() ? nullptr : &it->value;
}

void property_map::set(std::string key, value v) {
    if (auto* existing = get(key)) {
        *existing = std::move(v);
        return;
    }
    properties.emplace_back(std::move(key), std::move(v));
}

bool operator==(const object& a, const object& b) { return a.properties == b.properties; }

bool operator==(const ecma_array& a, const ecma_array& b) {
    return a.properties == b.properties;  // the declared count is a wire hint, not content
}

typed_object::typed_object(std::string name, std::initializer_list<property> init)
    : property_map(init), class_name(std::move(name)) {}

bool operator==(const typed_object& a, const typed_object& b) {
    return a.class_name == b.class_name && a.properties == b.properties;
}

strict_array::strict_array(std::initializer_list<value> init) : items(init) {}

bool operator==(const strict_array& a, const strict_array& b) { return a.items == b.items; }

std::optional<double> value::as_number() const noexcept {
    if (auto* d = std::get_if<double>(&v_)) return *d;
    return std::nullopt;
}

std::optional<bool> value::as_boolean() const noexcept {
    if (auto* b = std::get_if<bool>(&v_)) return *b;
    return std::nullopt;
}

std::optional<std::string_view> value::as_string() const noexcept {
    if (auto* s = std::get_if<std::string>(&v_)) return std::string_view(*s);
    return std::nullopt;
}

const std::vector<property>* value::properties() const noexcept {
    if (auto* o = std::get_if<object>(&v_)) return &o->properties;
    if (auto* e = std::get_if<ecma_array>(&v_)) return &e->properties;
    if (auto* t = std::get_if<typed_object>(&v_)) return &t->properties;
    return nullptr;
}

const value* value::get(std::string_view key) const noexcept {
    if (auto* o = std::get_if<object>(&v_)) return o->get(key);
    if (auto* e = std::get_if<ecma_array>(&v_)) return e->get(key);
    if (auto* t = std::get_if<typed_object>(&v_)) return t->get(key);
    return nullptr;
}

bool operator==(const value& a, const value& b) { return a.v_ == b.v_; }

}  // namespace lal::flv::amf0
