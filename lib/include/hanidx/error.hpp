// hanidx/error.hpp - the exceptions the library throws.
#pragma once

#include <stdexcept>

namespace hanidx {

/// A database that cannot be opened, locked or written (environment, not data).
struct IndexError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A query that cannot be parsed; what() points at the offending part.
struct QueryError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace hanidx
