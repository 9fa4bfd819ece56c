#include "CSQLiteConfig.h"
#include <sqlite3.h>

int offside_sqlite_configure(void) {
    int status = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (status != SQLITE_OK) return status;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
