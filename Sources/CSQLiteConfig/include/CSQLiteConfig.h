// sqlite3_config is variadic, which Swift cannot call; these wrap the
// settings Offside makes before SQLite's first connection opens.
#ifndef OFFSIDE_CSQLITECONFIG_H
#define OFFSIDE_CSQLITECONFIG_H

/// Multi-thread mode (no mutex on every API call: GRDB already gives each
/// connection to one thread at a time) and no memory statistics (a global
/// mutex on every allocation). Returns 0 (SQLITE_OK), or SQLITE_MISUSE when
/// SQLite was already initialised, in which case nothing changed and SQLite
/// stays as safe as it was.
int offside_sqlite_configure(void);

#endif
