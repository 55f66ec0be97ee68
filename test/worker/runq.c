/*
 * runq.c - a test helper for t_worker.sh that queues and cancels runs
 * through the store's own functions (until the synth and cancel commands
 * exist):
 *
 *   runq DB add DESIGN_ID BACKEND COUNT   queue COUNT runs, print their ids
 *   runq DB cancel RUN                    cancel, print "running PID" or
 *                                         "queued"
 *   runq DB claim PID                     claim the oldest queued run as
 *                                         worker PID, print its id
 *   runq DB claimall PID                  claim until none is left, print
 *                                         each id
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "projects/store.h"

static int usage(void)
{
	fprintf(stderr, "usage: runq DB add DESIGN_ID BACKEND COUNT\n"
		"       runq DB cancel RUN\n"
		"       runq DB claim PID\n"
		"       runq DB claimall PID\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct store *s;
	struct error err;
	int rc = 0;

	if (argc < 4)
		return usage();
	if (store_open(argv[1], false, &s, &err) < 0) {
		fprintf(stderr, "runq: %s\n", err.msg);
		return 1;
	}
	if (strcmp(argv[2], "add") == 0 && argc == 6) {
		long n = atol(argv[5]), id;

		for (long i = 0; i < n && rc == 0; i++) {
			rc = store_run_add(s, atol(argv[3]), argv[4], &id, &err);
			if (rc == 0)
				printf("%ld\n", id);
		}
	} else if (strcmp(argv[2], "cancel") == 0 && argc == 4) {
		bool running;
		long pid;

		rc = store_run_cancel(s, atol(argv[3]), &running, &pid, &err);
		if (rc == 0 && running)
			printf("running %ld\n", pid);
		else if (rc == 0)
			printf("queued\n");
	} else if ((strcmp(argv[2], "claim") == 0 ||
		    strcmp(argv[2], "claimall") == 0) && argc == 4) {
		bool all = strcmp(argv[2], "claimall") == 0, got = true;
		struct run_row r;

		while (rc == 0 && got) {
			rc = store_run_claim(s, atol(argv[3]), &r, &got, &err);
			if (rc == 0 && got) {
				printf("%ld\n", r.id);
				run_row_release(&r);
			}
			got = got && all;
		}
	} else {
		store_close(s);
		return usage();
	}
	if (rc < 0)
		fprintf(stderr, "runq: %s\n", err.msg);
	store_close(s);
	return rc < 0 ? 1 : 0;
}
