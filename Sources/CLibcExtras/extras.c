// Intentionally empty: the target exists for its header (see CLibcExtras.h).
#include "CLibcExtras.h"
