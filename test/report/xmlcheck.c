/*
 * xmlcheck.c - checks that files are well-formed XML with libxml2 (the
 * project's SVG plots and HTML reports are both): `xmlcheck ROOT FILE...`
 * parses each FILE strictly (no network, no recovery), prints every
 * parser error, and checks that the root element is ROOT. Exits 0 when
 * every file passes, 1 otherwise. Built and run by test/cli/t_report.sh.
 */
#include "../unit/xmltest.h"

/* 0 when path is well-formed XML whose root element is root. */
static int check(const char *path, const char *root)
{
	xmlDocPtr doc;
	xmlNodePtr top;
	int rc = 0, errors;

	doc = xmltest_parse(NULL, path, &errors);
	top = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!doc || errors) {
		fprintf(stderr, "xmlcheck: '%s' is not well-formed (%d "
			"errors)\n", path, errors);
		rc = 1;
	} else if (!top || strcmp((const char *)top->name, root) != 0) {
		fprintf(stderr, "xmlcheck: '%s': root element is '%s', not "
			"'%s'\n", path, top ? (const char *)top->name : "",
			root);
		rc = 1;
	}
	xmlFreeDoc(doc);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: xmlcheck ROOT FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++)
		rc |= check(argv[i], argv[1]);
	xmlCleanupParser();
	return rc;
}
