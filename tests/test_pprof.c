// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests for pprof.c: the profile is gzip, decodes with protobuf-c,
 * and holds what pprof needs: sample type, one function and location per
 * distinct frame, leaf-first locations, counts, and comm/pid/tid labels.
 * tests/pprof_go.sh checks the same files with go tool pprof.
 */
#include <zlib.h>

#include "fold_test_util.h"
#include "profile.pb-c.h"

typedef Perftools__Profiles__Profile pb_profile;

static pb_profile *decode(struct fold_table *t)
{
	size_t n, cap = 1 << 20;
	char *gz = fold_test_render(t, FOLD_FMT_PPROF, NULL, &n);
	unsigned char *raw = malloc(cap);
	z_stream z = { 0 };
	pb_profile *p;

	assert_true(n > 18);
	assert_int_equal((unsigned char)gz[0], 0x1f);
	assert_int_equal((unsigned char)gz[1], 0x8b);
	assert_int_equal(inflateInit2(&z, 16 + MAX_WBITS), Z_OK);
	z.next_in = (unsigned char *)gz;
	z.avail_in = n;
	z.next_out = raw;
	z.avail_out = cap;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	p = perftools__profiles__profile__unpack(NULL, z.total_out, raw);
	assert_non_null(p);
	inflateEnd(&z);
	free(raw);
	free(gz);
	return p;
}

static const char *str(const pb_profile *p, int64_t i)
{
	assert_true(i >= 0 && (size_t)i < p->n_string_table);
	return p->string_table[i];
}

/* The function name of a location id. */
static const char *loc_name(const pb_profile *p, uint64_t id)
{
	for (size_t i = 0; i < p->n_location; i++) {
		if (p->location[i]->id != id)
			continue;
		assert_int_equal(p->location[i]->n_line, 1);
		for (size_t j = 0; j < p->n_function; j++)
			if (p->function[j]->id ==
			    p->location[i]->line[0]->function_id)
				return str(p, p->function[j]->name);
	}
	fail_msg("no location %lu", (unsigned long)id);
	return NULL;
}

static void pprof_profile_structure(void **state)
{
	const char *a[] = { "curl", "main", "connect", "tcp_v4_connect" };
	const char *b[] = { "curl", "main", "memcpy" };
	struct fold_sample_info info = {
		.comm = "curl", .pid = 41, .tid = 42, .root_is_comm = true,
	};
	struct fold_table *t = fold_table_new();
	pb_profile *p;

	(void)state;
	fold_table_add_info(t, a, 4, 3, &info);
	fold_table_add_info(t, b, 3, 2, &info);
	p = decode(t);
	assert_string_equal(str(p, 0), "");
	assert_int_equal(p->n_sample_type, 1);
	assert_string_equal(str(p, p->sample_type[0]->type), "samples");
	assert_string_equal(str(p, p->sample_type[0]->unit), "count");
	/* main, connect, tcp_v4_connect, memcpy: the comm is a label */
	assert_int_equal(p->n_function, 4);
	assert_int_equal(p->n_location, 4);
	assert_int_equal(p->n_sample, 2);
	for (size_t i = 0; i < p->n_sample; i++) {
		const Perftools__Profiles__Sample *s = p->sample[i];
		int seen = 0;

		assert_int_equal(s->n_value, 1);
		if (s->n_location_id == 3) {
			assert_int_equal(s->value[0], 3);
			assert_string_equal(loc_name(p, s->location_id[0]),
					    "tcp_v4_connect");
			assert_string_equal(loc_name(p, s->location_id[2]),
					    "main");
		} else {
			assert_int_equal(s->n_location_id, 2);
			assert_int_equal(s->value[0], 2);
			assert_string_equal(loc_name(p, s->location_id[0]),
					    "memcpy");
		}
		for (size_t l = 0; l < s->n_label; l++) {
			const char *k = str(p, s->label[l]->key);

			if (!strcmp(k, "comm")) {
				assert_string_equal(str(p, s->label[l]->str),
						    "curl");
				seen |= 1;
			} else if (!strcmp(k, "pid")) {
				assert_int_equal(s->label[l]->num, 41);
				seen |= 2;
			} else if (!strcmp(k, "tid")) {
				assert_int_equal(s->label[l]->num, 42);
				seen |= 4;
			}
		}
		assert_int_equal(seen, 7);
	}
	perftools__profiles__profile__free_unpacked(p, NULL);
	fold_table_free(t);
}

static void pprof_folded_input_keeps_root_frame(void **state)
{
	const char *in = "a;b 2\n";
	struct fold_table *t = fold_table_new();
	pb_profile *p;

	(void)state;
	fold_parse_buffer(t, in, strlen(in), FOLD_IN_FOLDED, NULL, NULL);
	p = decode(t);
	/* folded text does not say what its first frame is: keep it */
	assert_int_equal(p->n_location, 2);
	assert_int_equal(p->sample[0]->n_label, 0);
	assert_string_equal(loc_name(p, p->sample[0]->location_id[1]), "a");
	perftools__profiles__profile__free_unpacked(p, NULL);
	fold_table_free(t);
}

static void pprof_mixed_pids_drop_label(void **state)
{
	const char *a[] = { "w", "f" };
	struct fold_sample_info i1 = { .pid = 1, .tid = 1,
				       .root_is_comm = true };
	struct fold_sample_info i2 = { .pid = 2, .tid = 2,
				       .root_is_comm = true };
	struct fold_table *t = fold_table_new();
	pb_profile *p;

	(void)state;
	fold_table_add_info(t, a, 2, 1, &i1);
	fold_table_add_info(t, a, 2, 1, &i2);
	p = decode(t);
	assert_int_equal(p->n_sample, 1);
	assert_int_equal(p->sample[0]->value[0], 2);
	/* only comm (from the root) is left */
	assert_int_equal(p->sample[0]->n_label, 1);
	assert_string_equal(str(p, p->sample[0]->label[0]->str), "w");
	perftools__profiles__profile__free_unpacked(p, NULL);
	fold_table_free(t);
}

static void pprof_perf_periods_name_the_event(void **state)
{
	const char *in[] = {
		"dd 1 1.0:  10101010 cpu-clock: \n\t1 f (x)\n\n",
		"dd 1 1.0:  5000 cycles: \n\t1 f (x)\n\n",
		"dd 1 1.0: cycles: \n\t1 f (x)\n\n",
	};
	const char *type[] = { "cpu-clock", "cycles", "samples" };
	const char *unit[] = { "nanoseconds", "count", "count" };

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct fold_table *t = fold_table_new();
		pb_profile *p;

		fold_parse_buffer(t, in[i], strlen(in[i]), FOLD_IN_PERF, NULL,
				  NULL);
		p = decode(t);
		assert_string_equal(str(p, p->sample_type[0]->type), type[i]);
		assert_string_equal(str(p, p->sample_type[0]->unit), unit[i]);
		perftools__profiles__profile__free_unpacked(p, NULL);
		fold_table_free(t);
	}
}

static void pprof_empty_table(void **state)
{
	struct fold_table *t = fold_table_new();
	pb_profile *p;

	(void)state;
	p = decode(t);
	assert_int_equal(p->n_sample, 0);
	perftools__profiles__profile__free_unpacked(p, NULL);
	fold_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pprof_profile_structure),
		cmocka_unit_test(pprof_folded_input_keeps_root_frame),
		cmocka_unit_test(pprof_mixed_pids_drop_label),
		cmocka_unit_test(pprof_perf_periods_name_the_event),
		cmocka_unit_test(pprof_empty_table),
	};

	return cmocka_run_group_tests_name("pprof", tests, NULL, NULL);
}
