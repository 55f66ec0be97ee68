/*
 * error.h - the one way a failure travels up: a message buffer the caller
 * owns, filled by the function that failed, printed by main in git's voice.
 */
#ifndef HLSDSE_ERROR_H
#define HLSDSE_ERROR_H

#define ERROR_MSG_MAX 1024

struct error {
	char msg[ERROR_MSG_MAX];
};

/* Formats a message into err (if non-NULL) and returns -1, so callers can
 * write `return error_set(err, "unable to open '%s'", path);`. */
int error_set(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Puts "prefix: " in front of the message already in err; returns -1. */
int error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
