// SPDX-License-Identifier: MIT
// The lal::hevc, lal::av1, lal::opus and lal::vp9 part of the outside
// program: an hvcC made from x265's parameter sets, an av1C from libaom's
// sequence header, an OpusHead built and read back, and libvpx's vpcC.
#include <string>
#include <string_view>
#include <vector>

#include <lal/av1/codec_configuration_record.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/hevc/parameter_sets.hpp>
#include <lal/opus/opus_head.hpp>
#include <lal/vp9/codec_configuration_record.hpp>

namespace {
std::vector<std::byte> from_hex(std::string_view hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<std::byte>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}
}  // namespace

std::string codecs_summary() {
    const auto vps = from_hex("40010c01ffff01600000030090000003000003003c959809");
    const auto sps = from_hex("42010101600000030090000003000003003ca00a480f9c9265959a4932bc05a02000000300200000030321");
    const auto pps = from_hex("4401c172b46240");
    auto hvcc = lal::hevc::make_decoder_configuration_record(vps, sps, pps);
    auto size = lal::hevc::parse_sps(sps);
    auto av1c = lal::av1::make_codec_configuration_record(from_hex("12000a0b000000043cffbcdaf90040"));
    std::vector<std::byte> head;
    auto ec = lal::opus::append_opus_head(lal::opus::default_opus_head(2), head);
    auto opus = lal::opus::parse_opus_head(head);
    auto vpcc = lal::vp9::parse_codec_configuration_record(from_hex("01000000000a820202020000"));
    if (!hvcc || !size || !av1c || ec || !opus || !vpcc || vpcc->codec_string() != "vp09.00.10.08") return "codecs failed";
    return "hevc=" + hvcc->codec_string() + " " + std::to_string(size->width()) + "x" +
           std::to_string(size->height()) + " av1=" + av1c->codec_string() +
           " opus_channels=" + std::to_string(opus->channels);
}
