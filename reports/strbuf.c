/*
 * strbuf.c - the growing text buffer of the report renderers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "reports/strbuf.h"

void strbuf_init(struct strbuf *sb)
{
	sb->alloc = 64;
	sb->len = 0;
	sb->buf = xmalloc(sb->alloc);
	sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->buf;

	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return s;
}

/* Makes room for n more bytes and the NUL. */
static void grow(struct strbuf *sb, size_t n)
{
	size_t want = sb->len + n + 1;

	if (want <= sb->alloc)
		return;
	while (sb->alloc < want)
		sb->alloc = sb->alloc < 64 ? 64 : sb->alloc * 2;
	sb->buf = xreallocarray(sb->buf, sb->alloc, 1);
}

void strbuf_addn(struct strbuf *sb, const char *s, size_t n)
{
	grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_add(struct strbuf *sb, const char *s)
{
	strbuf_addn(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_addn(sb, &c, 1);
}

void strbuf_addrep(struct strbuf *sb, char c, size_t n)
{
	grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void strbuf_add_xml(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': strbuf_add(sb, "&amp;"); break;
		case '<': strbuf_add(sb, "&lt;"); break;
		case '>': strbuf_add(sb, "&gt;"); break;
		case '"': strbuf_add(sb, "&quot;"); break;
		case '\'': strbuf_add(sb, "&#39;"); break;
		default:
			/* XML 1.0 forbids most control characters */
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t' && *s != '\r')
				strbuf_addch(sb, '?');
			else
				strbuf_addch(sb, *s);
		}
	}
}

void strbuf_rtrim(struct strbuf *sb)
{
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
}

size_t strbuf_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}
