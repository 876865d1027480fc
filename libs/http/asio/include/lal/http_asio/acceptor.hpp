// SPDX-License-Identifier: MIT
#pragma once

#include <lal/http_asio/server_connection.hpp>
#include <lal/net/connection_acceptor.hpp>

namespace lal::http_asio {

/// Accepts HTTP connections round robin over worker io_contexts and hands each
/// over as an unstarted server_connection, on its worker's thread with the
/// worker's index (lal::net::connection_acceptor).
using acceptor = net::connection_acceptor<server_connection, server_options>;

}  // namespace lal::http_asio
