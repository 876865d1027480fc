// SPDX-License-Identifier: MIT
#pragma once

// The acceptor of HTTP-FLV servers is lal::http_asio's (flv_route.hpp names it).
#include <lal/httpflv_asio/flv_route.hpp>
