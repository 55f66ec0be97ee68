/*
 * xalloc.h - allocation that never returns NULL: on exhaustion the process
 * prints "hlsdse: fatal: out of memory" and exits 1 (tmux's xmalloc).
 * Sizes are checked for overflow.
 */
#ifndef HLSDSE_XALLOC_H
#define HLSDSE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Grows ptr to n elements of size bytes each (overflow-checked). */
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
