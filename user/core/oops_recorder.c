// SPDX-License-Identifier: GPL-2.0
/*
 * The flight recorder's console dump, as `oops decode` reads it (see
 * oops.h): kdbgmod's recorder prints its frozen events when the kernel
 * dies, so they reach the console beside the crash report; each block is
 * kept with the report it was printed in, or the one nearest it.
 */
#include "oops_priv.h"

static int rec_list_add(struct oops_list *l, struct oops_recorder *rec)
{
	if (l->nr_rec == l->cap_rec) {
		size_t cap = l->cap_rec ? l->cap_rec * 2 : 4;
		struct oops_recorder **a = realloc(l->recorders, cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		l->recorders = a;
		l->cap_rec = cap;
	}
	l->recorders[l->nr_rec++] = rec;
	return 0;
}

static const char *kv(const char *s, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	const char *p = s;

	while ((p = strstr(p, key))) {
		if ((p == s || p[-1] == ' ') && p[kl] == '=') {
			p += kl + 1;
			copy(buf, len, p, strcspn(p, " "));
			return buf;
		}
		p++;
	}
	return NULL;
}

/*
 * The recorder's dump (module/recorder.c): "kdbg-recorder: frozen:
 * reason=oops cpu=1 events=12", per event "kdbg-recorder: cpu=0 ts=...
 * pid= tgid= comm= src= type= target=", its frames "kdbg-recorder:
 * func+0x1/0x2 [mod]", and "kdbg-recorder: end".
 */
void oops_recorder_line(struct parser *ps, const char *msg)
{
	struct oops_recorder *rec = ps->rec;
	struct oops_frame fr;
	char buf[32];

	if (starts(msg, "frozen:")) {
		rec = calloc(1, sizeof(*rec));
		if (!rec || rec_list_add(ps->list, rec)) {
			free(rec);
			ps->err = -ENOMEM;
			return;
		}
		rec->cpu = -1;
		rec->line = ps->lineno;
		if (kv(msg, "reason", buf, sizeof(buf)))
			COPY(rec->reason, buf, strlen(buf));
		if (kv(msg, "cpu", buf, sizeof(buf)))
			rec->cpu = atoi(buf);
		if (kv(msg, "events", buf, sizeof(buf)))
			rec->events_declared = strtoul(buf, NULL, 10);
		ps->rec = rec;
		ps->rec_owner = ps->nr_open ? ps->open[ps->nr_open - 1] : NULL;
		if (ps->rec_owner && !ps->rec_owner->recorder)
			ps->rec_owner->recorder = rec;
		return;
	}
	if (!rec)
		return;
	if (!strcmp(msg, "end")) {
		rec->ended = true;
		ps->rec = NULL;
		return;
	}
	/* module/recorder.c: "ring: cpu=%d records=%u shown=%u ..." */
	if (starts(msg, "ring: ")) {
		if (rec->nr_rings == rec->cap_rings) {
			size_t cap = rec->cap_rings ? rec->cap_rings * 2 : 8;
			char (*r)[160] = realloc(rec->rings, cap * sizeof(*r));

			if (!r) {
				ps->err = -ENOMEM;
				return;
			}
			rec->rings = r;
			rec->cap_rings = cap;
		}
		COPY(rec->rings[rec->nr_rings], msg, strlen(msg));
		rec->nr_rings++;
		return;
	}
	if (oops_parse_frame(msg, &fr)) {
		if (rec->nr && stack_push(&rec->events[rec->nr - 1].stack, &fr))
			ps->err = -ENOMEM;
		return;
	}
	if (kv(msg, "cpu", buf, sizeof(buf))) {
		struct oops_rec_event *ev;

		if (rec->nr == rec->cap) {
			size_t cap = rec->cap ? rec->cap * 2 : 16;

			ev = realloc(rec->events, cap * sizeof(*ev));
			if (!ev) {
				ps->err = -ENOMEM;
				return;
			}
			rec->events = ev;
			rec->cap = cap;
		}
		ev = &rec->events[rec->nr++];
		memset(ev, 0, sizeof(*ev));
		ev->cpu = strtoul(buf, NULL, 10);
		COPY(ev->fields, msg, strlen(msg));
	}
}

void oops_recorder_attach(struct oops_list *l)
{
	size_t i, j;

	/*
	 * A block printed outside any report (a panic notifier prints after
	 * the oops ended) goes with the last report before it that has none,
	 * else with the first one after it.
	 */
	for (i = 0; i < l->nr_rec; i++) {
		struct oops_recorder *rec = l->recorders[i];
		struct oops_report *to = NULL;
		bool owned = false;

		for (j = 0; j < l->nr; j++)
			owned |= l->reports[j]->recorder == rec;
		if (owned)
			continue;
		for (j = 0; j < l->nr; j++) {
			struct oops_report *r = l->reports[j];

			if (r->recorder)
				continue;
			if (r->first_line < rec->line)
				to = r;
			else if (!to)
				to = r;
			if (r->first_line > rec->line)
				break;
		}
		if (to)
			to->recorder = rec;
	}
}
