/*
 * fileio_test.c - core/fileio.c's writer: a regular file is replaced
 * whole; a device or FIFO named as the output is written in place and
 * stays what it was (renaming a temporary over /dev/null as root once
 * turned it into a regular file and broke every program on the machine);
 * a directory is refused.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/fileio.h"
#include "testlib.h"

static char tmp[128];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmp, sizeof(tmp), "hlsdse_fileio");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmp);
}

static void regular_file_replaced(void **state)
{
	char *path = fileio_join(tmp, "a.txt"), *text = NULL;
	struct error err;
	size_t len;

	(void)state;
	assert_int_equal(fileio_write_atomic(path, "first version\n", 14,
					     &err), 0);
	assert_int_equal(fileio_write_atomic(path, "second\n", 7, &err), 0);
	assert_int_equal(fileio_read(path, 1024, &text, &len, &err), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(text, "second\n", 7);
	free(text);
	free(path);
}

static void device_written_in_place(void **state)
{
	struct stat before, after;
	struct error err;

	(void)state;
	assert_int_equal(stat("/dev/null", &before), 0);
	assert_true(S_ISCHR(before.st_mode));
	assert_int_equal(fileio_write_atomic("/dev/null", "x", 1, &err), 0);
	assert_int_equal(stat("/dev/null", &after), 0);
	assert_true(S_ISCHR(after.st_mode));
	assert_true(after.st_rdev == before.st_rdev);
}

static void fifo_written_in_place(void **state)
{
	char *path = fileio_join(tmp, "pipe"), buf[16];
	struct stat st;
	struct error err;
	int fd;

	(void)state;
	assert_int_equal(mkfifo(path, 0600), 0);
	/* a reader and writer at once, so neither open blocks (Linux) */
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(fileio_write_atomic(path, "hello", 5, &err), 0);
	assert_int_equal(read(fd, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	close(fd);
	free(path);
}

static void directory_refused(void **state)
{
	struct error err;

	(void)state;
	assert_int_equal(fileio_write_atomic(tmp, "x", 1, &err), -1);
	assert_non_null(strstr(err.msg, "is a directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regular_file_replaced),
		cmocka_unit_test(device_written_in_place),
		cmocka_unit_test(fifo_written_in_place),
		cmocka_unit_test(directory_refused),
	};

	return cmocka_run_group_tests_name("fileio", tests, setup, teardown);
}
