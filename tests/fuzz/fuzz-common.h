/* fuzz-common.h: what every Byline fuzz target sets up once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A g_return_if_fail or a g_warning reached from untrusted input is a bug
 * too: make it abort, so libFuzzer reports it as a crash.  Debug messages
 * (noisy at hundreds of thousands of inputs a second) stay off. */
static inline GLogWriterOutput
byline_fuzz_log_writer (GLogLevelFlags   log_level,
                        const GLogField *fields,
                        gsize            n_fields,
                        gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_default (log_level, fields, n_fields, user_data);

  /* GLib stops a fatal message with a breakpoint trap, which libFuzzer
   * does not catch: abort instead, so the input is saved. */
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return written;
}

static inline void
byline_fuzz_init (void)
{
  g_log_set_writer_func (byline_fuzz_log_writer, NULL, NULL);
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}
