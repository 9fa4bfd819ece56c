// The modulemap's header path is relative to this folder, so the system header
// is reached through this shim (see shared/TOOLCHAIN.md).
#include <zstd.h>
