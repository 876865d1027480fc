// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>

#include <lal/aac/sampling_frequency.hpp>

using namespace lal::aac;

TEST_CASE("sampling frequency table maps indices and rates both ways", "[aac][frequency]") {
    CHECK(sampling_frequency_of(0) == 96000u);
    CHECK(sampling_frequency_of(4) == 44100u);
    CHECK(sampling_frequency_of(12) == 7350u);
    CHECK_FALSE(sampling_frequency_of(13).has_value());
    CHECK_FALSE(sampling_frequency_of(15).has_value());
    for (std::uint8_t i = 0; i < 13; ++i) CHECK(sampling_frequency_index_of(*sampling_frequency_of(i)) == i);
    CHECK_FALSE(sampling_frequency_index_of(44000).has_value());
}

TEST_CASE("nearest sampling frequency index follows the decoder mapping ranges", "[aac][frequency]") {
    // Range limits at the geometric means of neighbouring rates (ISO/IEC 14496-3 subpart 4).
    CHECK(nearest_sampling_frequency_index(192000) == 0);
    CHECK(nearest_sampling_frequency_index(92017) == 0);
    CHECK(nearest_sampling_frequency_index(92016) == 1);
    CHECK(nearest_sampling_frequency_index(44100) == 4);
    CHECK(nearest_sampling_frequency_index(46008) == 4);
    CHECK(nearest_sampling_frequency_index(46009) == 3);
    CHECK(nearest_sampling_frequency_index(37800) == 4);
    CHECK(nearest_sampling_frequency_index(9391) == 10);
    CHECK(nearest_sampling_frequency_index(7350) == 11);
    CHECK(nearest_sampling_frequency_index(0) == 11);
}

TEST_CASE("mapping limits sit at the rounded geometric means of neighbouring rates",
          "[aac][frequency]") {
    for (std::uint8_t i = 0; i + 1 < 12; ++i) {
        auto limit = static_cast<std::uint32_t>(
            std::lround(std::sqrt(double(sampling_frequencies[i]) * sampling_frequencies[i + 1])));
        INFO("between index " << int(i) << " and " << int(i + 1));
        CHECK(nearest_sampling_frequency_index(limit) == i);
        CHECK(nearest_sampling_frequency_index(limit - 1) == i + 1);
    }
}
