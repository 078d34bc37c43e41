// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of kdbgmod that the KUnit suites test, compiled into the
 * test module itself so that it does not depend on kdbgmod.ko.
 */
#include "../module/ring.c"
#include "../module/record.c"
#include "../module/agg.c"
#include "../module/stackmap.c"
