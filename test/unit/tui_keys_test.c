/*
 * tui_keys_test.c - the app's key table (tui/keys.c): names and help for
 * every action, no key bound to two actions in one context, every F-key
 * mirrored by a letter (conventions: some terminals swallow F-keys),
 * lookups by context, and the help screen generated from the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/keys.h"

static void test_actions_named(void **state)
{
	(void)state;
	for (int a = 1; a < DO_COUNT; a++) {
		assert_true(strlen(action_name((enum action)a)) > 0);
		assert_true(strlen(action_help((enum action)a)) > 0);
		for (int b = 1; b < a; b++)
			assert_string_not_equal(action_name((enum action)a),
						action_name((enum action)b));
	}
	assert_string_equal(action_name(DO_RF_UP), "reuse-up");
}

static void test_no_conflicts(void **state)
{
	const struct binding *t;
	int n;

	(void)state;
	t = keys_table(&n);
	for (int i = 0; i < n; i++) {
		assert_true(t[i].action > DO_NONE && t[i].action < DO_COUNT);
		assert_true(t[i].ctx != 0);
		for (int j = 0; j < i; j++)
			if (t[i].key == t[j].key && (t[i].ctx & t[j].ctx))
				fail_msg("key %s bound to %s and %s in one context",
					 t[i].label, action_name(t[i].action),
					 action_name(t[j].action));
	}
}

/* Every F-key of the bar has a printable key for the same action in
 * every context the F-key works in. */
static void test_fkeys_mirrored(void **state)
{
	const struct binding *t;
	int n;

	(void)state;
	t = keys_table(&n);
	for (int i = 0; i < n; i++) {
		unsigned covered = 0;

		if (t[i].key < KEY_F(1) || t[i].key > KEY_F(12))
			continue;
		assert_non_null(t[i].bar);
		for (int j = 0; j < n; j++)
			if (t[j].action == t[i].action && t[j].key > ' ' &&
			    t[j].key < 127)
				covered |= t[j].ctx;
		if ((covered & t[i].ctx) != t[i].ctx)
			fail_msg("%s (%s) has no letter in every context",
				 t[i].label, action_name(t[i].action));
	}
}

static void test_lookup(void **state)
{
	(void)state;
	assert_int_equal(keys_lookup('q', CTX_LAYERS), DO_QUIT);
	assert_int_equal(keys_lookup('q', CTX_RUNS), DO_QUIT);
	assert_int_equal(keys_lookup('q', CTX_FORM), DO_BACK);
	assert_int_equal(keys_lookup('+', CTX_LAYERS), DO_RF_UP);
	assert_int_equal(keys_lookup('+', CTX_FORM), DO_INC);
	assert_int_equal(keys_lookup('+', CTX_RUNS), DO_NONE);
	assert_int_equal(keys_lookup(KEY_F(5), CTX_LAYERS), DO_DISPATCH);
	assert_int_equal(keys_lookup(KEY_F(5), CTX_JOBS), DO_NONE);
	assert_int_equal(keys_lookup('x', CTX_JOBS), DO_CANCEL_RUN);
	assert_int_equal(keys_lookup('j', CTX_LAYERS), DO_DOWN);
	assert_int_equal(keys_lookup(KEY_DOWN, CTX_FORM), DO_DOWN);
	assert_int_equal(keys_lookup('j', CTX_FORM), DO_NONE);
	assert_int_equal(keys_lookup(27, CTX_DISPATCH), DO_BACK);
	assert_int_equal(keys_lookup('?', CTX_HELP), DO_HELP);
	assert_int_equal(keys_lookup('Z', CTX_LAYERS), DO_NONE);
}

static bool has_line(char **lines, int n, const char *a, const char *b)
{
	for (int i = 0; i < n; i++)
		if (strstr(lines[i], a) && (!b || strstr(lines[i], b)))
			return true;
	return false;
}

static void free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void test_help_from_table(void **state)
{
	char **l;
	int n;

	(void)state;
	n = keys_help(CTX_LAYERS, &l);
	assert_true(has_line(l, n, "+, ]", "next valid reuse factor"));
	assert_true(has_line(l, n, "?, F1", "show the keys"));
	assert_true(has_line(l, n, "S, F2", "save the design"));
	assert_false(has_line(l, n, "cancel the run", NULL));
	free_lines(l, n);
	n = keys_help(CTX_JOBS, &l);
	assert_true(has_line(l, n, "x, F9", "cancel the run"));
	assert_false(has_line(l, n, "next valid reuse factor", NULL));
	free_lines(l, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_actions_named),
		cmocka_unit_test(test_no_conflicts),
		cmocka_unit_test(test_fkeys_mirrored),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_help_from_table),
	};

	return cmocka_run_group_tests_name("tui_keys", tests, NULL, NULL);
}
