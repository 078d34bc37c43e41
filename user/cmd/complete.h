/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `kdbgctl __complete`: shell completion candidates computed from the
 * command tables and help texts (see complete.c).
 */
#ifndef KDBGCTL_COMPLETE_H
#define KDBGCTL_COMPLETE_H

#include "output.h"

/*
 * Print the candidates for the last of @argv (the words after "kdbgctl",
 * the one being completed last, maybe ""), one per line, given main.c's
 * object table @objects. Return an exit code.
 */
int kdbg_complete(const struct kdbg_verb *objects, int argc, char **argv);

#endif /* KDBGCTL_COMPLETE_H */
