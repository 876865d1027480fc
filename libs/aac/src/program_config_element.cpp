// SPDX-License-Identifier: MIT
#include <lal/aac/program_config_element.hpp>

#include "program_config_element_io.hpp"

namespace lal::aac {

unsigned program_config_element::channel_count() const noexcept {
    unsigned n = static_cast<unsigned>(lfe.size());
    for (const auto* list : {&front, &side, &back}) {
        for (const auto& e : *list) n += e.is_cpe ? 2 : 1;
    }
    return n;
}

namespace detail {
namespace {

void read_elements(bit_in& in, std::vector<pce_channel_element>& list, std::uint32_t count) {
    list.resize(count);
    for (auto& e : list) {
        e.is_cpe = in.flag();
        e.tag = static_cast<std::uint8_t>(in.u(4));
    }
}

void write_elements(bit_out& out, const std::vector<pce_channel_element>& list) {
    for (const auto& e : list) {
        out.flag(e.is_cpe);
        out.put(e.tag, 4);
    }
}

}  // namespace

bool read_pce(bit_in& in, program_config_element& pce) {
    pce.element_instance_tag = static_cast<std::uint8_t>(in.u(4));
    pce.object_type = static_cast<std::uint8_t>(in.u(2));
    pce.sampling_frequency_index = static_cast<std::uint8_t>(in.u(4));
    // Every count is at most 4 bits wide, so the lists below stay tiny even
    // when the input is garbage.
    auto num_front = in.u(4);
    auto num_side = in.u(4);
    auto num_back = in.u(4);
    auto num_lfe = in.u(2);
    auto num_assoc = in.u(3);
    auto num_cc = in.u(4);
    if (in.flag()) pce.mono_mixdown = static_cast<std::uint8_t>(in.u(4));
    if (in.flag()) pce.stereo_mixdown = static_cast<std::uint8_t>(in.u(4));
    if (in.flag()) {
        pce_matrix_mixdown m;
        m.index = static_cast<std::uint8_t>(in.u(2));
        m.pseudo_surround = in.flag();
        pce.matrix_mixdown = m;
    }
    if (in.failed()) return false;
    read_elements(in, pce.front, num_front);
    read_elements(in, pce.side, num_side);
    read_elements(in, pce.back, num_back);
    pce.lfe.resize(num_lfe);
    for (auto& tag : pce.lfe) tag = static_cast<std::uint8_t>(in.u(4));
    pce.assoc_data.resize(num_assoc);
    for (auto& tag : pce.assoc_data) tag = static_cast<std::uint8_t>(in.u(4));
    pce.cc.resize(num_cc);
    for (auto& e : pce.cc) {
        e.is_ind_sw = in.flag();
        e.tag = static_cast<std::uint8_t>(in.u(4));
    }
    // 4.4.1.1: byte_alignment() here is relative to the start of the
    // AudioSpecificConfig when the PCE sits inside one.
    in.align();
    auto comment_bytes = in.u(8);
    if (in.failed() || in.left() < comment_bytes * 8) return false;
    pce.comment.resize(comment_bytes);
    for (auto& b : pce.comment) b = static_cast<std::byte>(in.u(8));
    return !in.failed();
}

bool pce_fits(const program_config_element& pce) noexcept {
    auto tags_fit = [](const auto& list) {
        for (const auto& e : list) {
            if (e.tag > 15) return false;
        }
        return true;
    };
    for (auto tag : pce.lfe) {
        if (tag > 15) return false;
    }
    for (auto tag : pce.assoc_data) {
        if (tag > 15) return false;
    }
    return pce.element_instance_tag <= 15 && pce.object_type <= 3 &&
           pce.sampling_frequency_index <= 15 && pce.front.size() <= 15 &&
           pce.side.size() <= 15 && pce.back.size() <= 15 && pce.lfe.size() <= 3 &&
           pce.assoc_data.size() <= 7 && pce.cc.size() <= 15 && pce.comment.size() <= 255 &&
           pce.mono_mixdown.value_or(0) <= 15 && pce.stereo_mixdown.value_or(0) <= 15 &&
           (!pce.matrix_mixdown || pce.matrix_mixdown->index <= 3) && tags_fit(pce.front) &&
           tags_fit(pce.side) && tags_fit(pce.back) && tags_fit(pce.cc);
}

void write_pce(bit_out& out, const program_config_element& pce) {
    out.put(pce.element_instance_tag, 4);
    out.put(pce.object_type, 2);
    out.put(pce.sampling_frequency_index, 4);
    out.put(static_cast<std::uint32_t>(pce.front.size()), 4);
    out.put(static_cast<std::uint32_t>(pce.side.size()), 4);
    out.put(static_cast<std::uint32_t>(pce.back.size()), 4);
    out.put(static_cast<std::uint32_t>(pce.lfe.size()), 2);
    out.put(static_cast<std::uint32_t>(pce.assoc_data.size()), 3);
    out.put(static_cast<std::uint32_t>(pce.cc.size()), 4);
    out.flag(pce.mono_mixdown.has_value());
    if (pce.mono_mixdown) out.put(*pce.mono_mixdown, 4);
    out.flag(pce.stereo_mixdown.has_value());
    if (pce.stereo_mixdown) out.put(*pce.stereo_mixdown, 4);
    out.flag(pce.matrix_mixdown.has_value());
    if (pce.matrix_mixdown) {
        out.put(pce.matrix_mixdown->index, 2);
        out.flag(pce.matrix_mixdown->pseudo_surround);
    }
    write_elements(out, pce.front);
    write_elements(out, pce.side);
    write_elements(out, pce.back);
    for (auto tag : pce.lfe) out.put(tag, 4);
    for (auto tag : pce.assoc_data) out.put(tag, 4);
    for (const auto& e : pce.cc) {
        out.flag(e.is_ind_sw);
        out.put(e.tag, 4);
    }
    out.align();
    out.put(static_cast<std::uint32_t>(pce.comment.size()), 8);
    for (auto b : pce.comment) out.put(std::to_integer<std::uint32_t>(b), 8);
}

}  // namespace detail
}  // namespace lal::aac
