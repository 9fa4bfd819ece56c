// GNU extensions that Swift's Glibc module does not expose (it is built
// without _GNU_SOURCE); declared here so the hot paths can use them.
#ifndef OFFSIDE_CLIBC_EXTRAS_H
#define OFFSIDE_CLIBC_EXTRAS_H
#include <stddef.h>
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
void *memrchr(const void *s, int c, size_t n);
#endif
