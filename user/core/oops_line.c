// SPDX-License-Identifier: GPL-2.0
/*
 * One line of kernel log, as `oops decode` reads it (see oops.h): the
 * prefixes log transports add (dmesg, syslog, /dev/kmsg, consoles) and
 * the stack frame format every report uses.
 */
#include "oops_priv.h"

/* "[   12.345678]" or dmesg -T's "[Thu Dec  3 12:00:00 2026]". */
static bool is_stamp(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	bool dot = false;

	if (n >= 20 && isupper((unsigned char)s[0]) && islower((unsigned char)s[1]))
		return memchr(s, ':', n) != NULL;
	while (i < n && s[i] == ' ')
		i++;
	for (; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (s[i] == '.' && !dot)
			dot = true;
		else
			return false;
	}
	return digits > 0 && dot;
}

/* "[  T123]" / "[    C1]": a printk caller id (CONFIG_PRINTK_CALLER). */
static size_t caller_id(const char *s, char *caller, size_t len)
{
	size_t i = 1, start;

	if (s[0] != '[')
		return 0;
	while (s[i] == ' ')
		i++;
	if (s[i] != 'T' && s[i] != 'C')
		return 0;
	start = i++;
	if (!isdigit((unsigned char)s[i]))
		return 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (s[i] != ']')
		return 0;
	if (caller && len)
		copy(caller, len, s + start, i - start);
	return i + 1;
}

/* "Dec  3 12:00:00 host kernel: " or "2026-12-03T12:00:00+00:00 host kernel: " */
static const char *syslog_prefix(const char *p)
{
	const char *k = strstr(p, " kernel: ");

	if (!k || k - p > 80)
		return p;
	if (isupper((unsigned char)p[0]) && islower((unsigned char)p[1]) &&
	    islower((unsigned char)p[2]) && p[3] == ' ' &&
	    isdigit((unsigned char)p[7]) && p[9] == ':')
		return k + 9;
	if (isdigit((unsigned char)p[0]) && p[4] == '-' && p[7] == '-' &&
	    p[10] == 'T')
		return k + 9;
	return p;
}

const char *oops_strip_prefix(const char *line, char *caller, size_t len)
{
	const char *p = syslog_prefix(line), *q;
	size_t n;

	if (caller && len)
		caller[0] = '\0';
	/* printk's log level as syslog shows it: "<4>" */
	if (p[0] == '<' && isdigit((unsigned char)p[1])) {
		for (q = p + 1; isdigit((unsigned char)*q); q++)
			;
		if (*q == '>')
			p = q + 1;
	}
	/* /dev/kmsg records: "4,1234,56789012,-;message" */
	if (isdigit((unsigned char)p[0])) {
		const char *semi = strchr(p, ';');
		int commas = 0;

		for (q = p; semi && q < semi; q++)
			if (*q == ',')
				commas++;
			else if (!isalnum((unsigned char)*q) && *q != '-' &&
				 *q != '=')
				break;
		if (semi && q == semi && commas >= 3 && semi - p < 64)
			p = semi + 1;
	}
	/* dmesg -x: "kern  :warn  : " */
	if (islower((unsigned char)p[0])) {
		q = p + strspn(p, "abcdefghijklmnopqrstuvwxyz");
		q += strspn(q, " ");
		if (*q == ':') {
			q++;
			q += strspn(q, "abcdefghijklmnopqrstuvwxyz");
			q += strspn(q, " ");
			if (*q == ':' && q[1] == ' ')
				p = q + 2;
		}
	}
	if (p[0] == '[') {
		q = strchr(p, ']');
		if (q && q - p < 48 && is_stamp(p + 1, q - p - 1)) {
			p = q + 1;
			n = caller_id(p, caller, len);
			p += n;
			if (*p == ' ')
				p++;
		} else if ((n = caller_id(p, caller, len))) {
			p += n;
			if (*p == ' ')
				p++;
		}
	}
	return p;
}

/*
 * A frame as %pS/%pB print it (lib/vsprintf.c, kernel/kallsyms.c):
 * "func+0x1c/0x40", then " [module]" or, with CONFIG_STACKTRACE_BUILD_ID,
 * " [module build-id]"; "0xffffffffc0001234" when no symbol is known.
 * Call traces put "? " before unreliable ones (dumpstack.c:72).
 */
bool oops_parse_frame(const char *s, struct oops_frame *fr)
{
	const char *p = s, *e;
	size_t n;

	memset(fr, 0, sizeof(*fr));
	p += strspn(p, " \t");
	if (p[0] == '?' && p[1] == ' ') {
		fr->unreliable = true;
		p += 2;
	}
	if (p[0] == '0' && p[1] == 'x') {
		if (!hex_u64(p, &fr->addr, &e))
			return false;
		p = e;
	} else {
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$");
		if (!n || p[n] != '+' || p[n + 1] != '0' || p[n + 2] != 'x')
			return false;
		COPY(fr->func, p, n);
		if (!hex_u64(p + n + 1, &fr->off, &e) || e[0] != '/')
			return false;
		if (!hex_u64(e + 1, &fr->size, &e))
			return false;
		p = e;
	}
	p += strspn(p, " ");
	if (*p == '[') {
		const char *end = strchr(p, ']');
		const char *sp;

		if (!end)
			return false;
		sp = memchr(p, ' ', end - p);
		COPY(fr->module, p + 1, (sp ? sp : end) - p - 1);
		if (sp)
			COPY(fr->build_id, sp + 1, end - sp - 1);
		p = end + 1;
	}
	p += strspn(p, " \r");
	return *p == '\0';
}
