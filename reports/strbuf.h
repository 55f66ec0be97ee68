/*
 * strbuf.h - a growing NUL-terminated text buffer the report renderers
 * write into (git's strbuf, cut down): append, format, XML-escape, pad.
 *
 * Ownership: a struct strbuf owns its buffer; strbuf_release frees it,
 * strbuf_detach hands it to the caller.
 */
#ifndef HLSDSE_STRBUF_H
#define HLSDSE_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;		/* always NUL-terminated once initialised */
	size_t len, alloc;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Returns the buffer (caller frees); sb is left released (strbuf_init
 * it again before another use). */
char *strbuf_detach(struct strbuf *sb);

void strbuf_addn(struct strbuf *sb, const char *s, size_t n);
void strbuf_add(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
/* Appends n copies of c. */
void strbuf_addrep(struct strbuf *sb, char c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s with &, <, >, " and ' written as XML entities. */
void strbuf_add_xml(struct strbuf *sb, const char *s);
/* Removes trailing spaces. */
void strbuf_rtrim(struct strbuf *sb);

/* Display width of UTF-8 text: code points, not bytes. */
size_t strbuf_width(const char *s);

#endif
