// SPDX-License-Identifier: MIT
#include <lal/transcode/codec_log.hpp>

extern "C" {
#include <libavutil/log.h>
}

namespace lal::transcode {

void quiet_codec_logs() noexcept { av_log_set_level(AV_LOG_QUIET); }

}  // namespace lal::transcode
