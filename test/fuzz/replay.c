/*
 * replay.c - a plain main() that feeds saved inputs to a libFuzzer target
 * (LLVMFuzzerTestOneInput), so gcc builds replay the seed corpus and any
 * crash reproducer in `make test` and `make check`: replay PATH...
 * where each PATH is a file or a directory of files (read in name order,
 * not recursively). Prints TAP: "ok N - FILE" per input ("not ok" when
 * the target returns nonzero or the file cannot be read), then "1..N".
 * A crash or sanitizer report ends the process, and run.sh counts the
 * exit status as a failure.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/error.h"
#include "core/fileio.h"
#include "core/xalloc.h"

#define REPLAY_MAX_INPUT (64u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int n_run, n_failed;

/* Runs the target on one file and prints its TAP line. */
static void replay_file(const char *path)
{
	struct error err;
	char *text;
	uint8_t *copy;
	size_t len;
	int rc;

	n_run++;
	if (fileio_read(path, REPLAY_MAX_INPUT, &text, &len, &err) < 0) {
		n_failed++;
		printf("not ok %d - %s\n# %s\n", n_run, path, err.msg);
		return;
	}
	/* an exactly-sized copy, so ASan sees any read past the end */
	copy = xmalloc(len ? len : 1);
	memcpy(copy, text, len);
	free(text);
	fflush(stdout);
	rc = LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	if (rc != 0) {
		n_failed++;
		printf("not ok %d - %s\n# target returned %d\n", n_run, path,
		       rc);
	} else {
		printf("ok %d - %s\n", n_run, path);
	}
	fflush(stdout);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every regular file directly in dir, in name order. */
static int replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d) {
		fprintf(stderr, "replay: unable to open '%s'\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = fileio_join(dir, e->d_name);
		if (!fileio_is_file(path)) {
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = path;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		replay_file(names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: unable to open '%s'\n",
				argv[i]);
			status = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i]) < 0)
				status = 1;
		} else {
			replay_file(argv[i]);
		}
	}
	printf("1..%d\n", n_run);
	return status || n_failed ? 1 : 0;
}
