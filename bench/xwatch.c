/* xwatch.c: times a GUI program from outside, through the X server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Launches a command as its own child and reports, on one line of
 * key=value pairs:
 *   mapped_ms   exec to the first MapNotify of a top-level window of that
 *               process (SubstructureNotify on the root; there is no window
 *               manager, so the map is the app's own);
 *   settled_ms  exec to the last Damage event on that window before
 *               --quiet ms (1500) without any;
 *   idle_ms     exec to the end of the last 100 ms in which the process
 *               used more than 20 % of a CPU, once it has been that quiet
 *               for --quiet ms: an app may keep working off screen after
 *               the window stopped changing (laying out text below the fold,
 *               checking spelling), and a keystroke then waits for it;
 *               "none" when it never got quiet within the timeout;
 *   key_med_ms / key_p95_ms / key_max_ms (with --keys N): after settling,
 *               a click at --click X,Y, then N times an XTest key press and
 *               release, timed to the first Damage event that follows;
 *   rss_kb      peak resident memory (wait4's ru_maxrss after SIGTERM);
 *   cpu_ms      user + system CPU time of the whole run;
 *   win         the window's size, so runs of different apps can be checked
 *               to compare like with like (--resize WxH forces one at map).
 *
 * The program is never told it is being timed, so the numbers hold for any
 * app: Byline, a bare window, or GNOME Text Editor.
 */

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/XTest.h>

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif

static int    opt_quiet_ms = 1500;
static int    opt_timeout_ms = 60000;
static int    opt_n_keys = 0;
static int    opt_key_gap_ms = 60;
static int    opt_click_x = -1;
static int    opt_click_y = -1;
static const char *opt_pre_keys = NULL;
static const char *opt_key_text = "e";
static const char *opt_keys_out = NULL;
static int    opt_any_pid = 0;
static int    opt_resize_w = 0;
static int    opt_resize_h = 0;
static const char *opt_screenshot = NULL;

static Display *dpy;
static int      damage_event_base;
static pid_t    child_pid;
static double   t_exec;
static int      x_error_seen;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
on_x_error (Display     *display,
            XErrorEvent *event)
{
  /* A window may vanish between its MapNotify and our questions about it. */
  (void) display;
  (void) event;
  x_error_seen = 1;
  return 0;
}

static void
die (const char *message)
{
  fprintf (stderr, "xwatch: %s\n", message);
  if (child_pid > 0)
    {
      kill (child_pid, SIGKILL);
      waitpid (child_pid, NULL, 0);
    }
  printf ("error=\"%s\"\n", message);
  exit (1);
}

/* When the child has exited, stops with a message saying how. */
static void
check_child (void)
{
  char message[128];
  int status;

  if (waitpid (child_pid, &status, WNOHANG) != child_pid)
    return;
  if (WIFSIGNALED (status))
    snprintf (message, sizeof message,
              "the program was killed by signal %d (%s) before it was measured",
              WTERMSIG (status), strsignal (WTERMSIG (status)));
  else
    snprintf (message, sizeof message,
              "the program exited with status %d before it was measured",
              WEXITSTATUS (status));
  child_pid = 0;
  die (message);
}

/* Waits for the next X event until @deadline (ms on the monotonic clock).
 * Returns 0 on timeout. */
static int
next_event (XEvent *event,
            double  deadline)
{
  for (;;)
    {
      struct pollfd pfd;
      double left;

      if (XPending (dpy) > 0)
        {
          XNextEvent (dpy, event);
          return 1;
        }
      left = deadline - now_ms ();
      if (left <= 0)
        return 0;
      pfd.fd = ConnectionNumber (dpy);
      pfd.events = POLLIN;
      /* Wake up at least every 100 ms to notice a child that died. */
      if (poll (&pfd, 1, left > 100 ? 100 : (int) ceil (left)) == 0)
        check_child ();
    }
}

static long
window_pid (Window window)
{
  Atom pid_atom = XInternAtom (dpy, "_NET_WM_PID", False);
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *data = NULL;
  long pid = -1;

  if (XGetWindowProperty (dpy, window, pid_atom, 0, 1, False, XA_CARDINAL,
                          &type, &format, &n_items, &after, &data) == Success &&
      data != NULL && n_items == 1 && format == 32)
    pid = (long) *(unsigned long *) data;
  if (data != NULL)
    XFree (data);
  return pid;
}

/* User + system CPU time of the child so far (all its threads). */
static double
child_cpu_ms (void)
{
  char path[64], buf[1024];
  unsigned long utime = 0, stime = 0;
  FILE *f;
  char *p;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) child_pid);
  f = fopen (path, "r");
  if (f == NULL)
    return 0;
  if (fgets (buf, sizeof buf, f) == NULL)
    buf[0] = '\0';
  fclose (f);
  /* Fields after the command name, which may hold spaces: state is 3rd,
   * utime the 14th and stime the 15th. */
  p = strrchr (buf, ')');
  if (p == NULL ||
      sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
              &utime, &stime) != 2)
    return 0;
  return (utime + stime) * 1000.0 / sysconf (_SC_CLK_TCK);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static double
percentile (const double *sorted,
            int           n,
            double        p)
{
  int rank = (int) ceil (p / 100.0 * n);

  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return sorted[rank - 1];
}

/* Sends "ctrl+End" style chords: modifiers held while the last key is
 * pressed.  Several chords are separated by spaces. */
static void
send_chords (const char *spec)
{
  char *copy = strdup (spec);
  char *save_chord = NULL;

  for (char *chord = strtok_r (copy, " ", &save_chord); chord != NULL;
       chord = strtok_r (NULL, " ", &save_chord))
    {
      KeyCode codes[8];
      int n = 0;
      char *save_key = NULL;

      for (char *name = strtok_r (chord, "+", &save_key); name != NULL && n < 8;
           name = strtok_r (NULL, "+", &save_key))
        {
          KeySym sym;

          if (strcmp (name, "ctrl") == 0)
            sym = XK_Control_L;
          else if (strcmp (name, "shift") == 0)
            sym = XK_Shift_L;
          else if (strcmp (name, "alt") == 0)
            sym = XK_Alt_L;
          else
            sym = XStringToKeysym (name);
          if (sym == NoSymbol || XKeysymToKeycode (dpy, sym) == 0)
            {
              fprintf (stderr, "xwatch: unknown key “%s”\n", name);
              continue;
            }
          codes[n++] = XKeysymToKeycode (dpy, sym);
        }
      for (int i = 0; i < n; i++)
        XTestFakeKeyEvent (dpy, codes[i], True, CurrentTime);
      for (int i = n - 1; i >= 0; i--)
        XTestFakeKeyEvent (dpy, codes[i], False, CurrentTime);
      XFlush (dpy);
      usleep (30000);
    }
  free (copy);
}

/* Lets the window finish what it is drawing: returns once @quiet_ms pass
 * with no Damage, or at @deadline.  Returns the time of the last Damage. */
static double
wait_quiet (Damage  damage,
            int     quiet_ms,
            double  last,
            double  deadline)
{
  XEvent event;

  for (;;)
    {
      double until = last + quiet_ms;

      if (until > deadline)
        until = deadline;
      if (!next_event (&event, until))
        return last;
      if (event.type == damage_event_base + XDamageNotify)
        {
          last = now_ms ();
          XDamageSubtract (dpy, damage, None, None);
        }
    }
}

/* The window at the end (settled, and typed into with --keys) as a binary
 * PPM, to check what was measured and where --click lands. */
static void
save_screenshot (Window  window,
                 int     width,
                 int     height)
{
  XImage *image = XGetImage (dpy, window, 0, 0, (unsigned) width, (unsigned) height,
                             AllPlanes, ZPixmap);
  FILE *out;

  if (image == NULL || (out = fopen (opt_screenshot, "wb")) == NULL)
    {
      fprintf (stderr, "xwatch: no screenshot written to %s\n", opt_screenshot);
      if (image != NULL)
        XDestroyImage (image);
      return;
    }
  fprintf (out, "P6\n%d %d\n255\n", width, height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);
        unsigned char rgb[3] = {
          (unsigned char) ((pixel & image->red_mask) >> 16),
          (unsigned char) ((pixel & image->green_mask) >> 8),
          (unsigned char) (pixel & image->blue_mask),
        };

        fwrite (rgb, 1, 3, out);
      }
  fclose (out);
  XDestroyImage (image);
}

static void
usage (void)
{
  fprintf (stderr,
           "usage: xwatch [--quiet MS] [--timeout MS] [--keys N] [--click X,Y]\n"
           "              [--pre-keys \"ctrl+End …\"] [--key-text abc] [--key-gap MS]\n"
           "              [--keys-out FILE] [--resize WxH] [--screenshot FILE.ppm]\n"
           "              [--any-pid] -- COMMAND [ARG…]\n");
  exit (2);
}

int
main (int    argc,
      char **argv)
{
  Window root, window = None;
  XEvent event;
  Damage damage;
  XWindowAttributes attrs;
  int damage_error_base, xtest_ev, xtest_err, xtest_major, xtest_minor;
  int argi;
  double t_mapped, t_settled, t_idle, last_busy, deadline;
  double *latencies = NULL;
  int n_latencies = 0, n_missed = 0;
  struct rusage usage_info;
  int status;

  for (argi = 1; argi < argc; argi++)
    {
      const char *arg = argv[argi];

      if (strcmp (arg, "--") == 0)
        {
          argi++;
          break;
        }
      if (argi + 1 >= argc && strcmp (arg, "--any-pid") != 0)
        usage ();
      if (strcmp (arg, "--quiet") == 0)
        opt_quiet_ms = atoi (argv[++argi]);
      else if (strcmp (arg, "--timeout") == 0)
        opt_timeout_ms = atoi (argv[++argi]);
      else if (strcmp (arg, "--keys") == 0)
        opt_n_keys = atoi (argv[++argi]);
      else if (strcmp (arg, "--key-gap") == 0)
        opt_key_gap_ms = atoi (argv[++argi]);
      else if (strcmp (arg, "--click") == 0)
        {
          if (sscanf (argv[++argi], "%d,%d", &opt_click_x, &opt_click_y) != 2)
            usage ();
        }
      else if (strcmp (arg, "--pre-keys") == 0)
        opt_pre_keys = argv[++argi];
      else if (strcmp (arg, "--key-text") == 0)
        opt_key_text = argv[++argi];
      else if (strcmp (arg, "--screenshot") == 0)
        opt_screenshot = argv[++argi];
      else if (strcmp (arg, "--keys-out") == 0)
        opt_keys_out = argv[++argi];
      else if (strcmp (arg, "--any-pid") == 0)
        opt_any_pid = 1;
      else if (strcmp (arg, "--resize") == 0)
        {
          if (sscanf (argv[++argi], "%dx%d", &opt_resize_w, &opt_resize_h) != 2 ||
              opt_resize_w <= 0 || opt_resize_h <= 0)
            usage ();
        }
      else
        usage ();
    }
  if (argi >= argc || opt_key_text[0] == '\0')
    usage ();

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "xwatch: cannot open the X display (is DISPLAY set?)\n");
      return 1;
    }
  XSetErrorHandler (on_x_error);
  if (!XDamageQueryExtension (dpy, &damage_event_base, &damage_error_base))
    die ("the X server has no DAMAGE extension");
  if (!XTestQueryExtension (dpy, &xtest_ev, &xtest_err, &xtest_major, &xtest_minor))
    die ("the X server has no XTEST extension");

  root = DefaultRootWindow (dpy);
  XSelectInput (dpy, root, SubstructureNotifyMask);
  XSync (dpy, False);

  t_exec = now_ms ();
  child_pid = fork ();
  if (child_pid < 0)
    die ("fork failed");
  if (child_pid == 0)
    {
      close (ConnectionNumber (dpy));
      execvp (argv[argi], &argv[argi]);
      fprintf (stderr, "xwatch: cannot run %s: %s\n", argv[argi], strerror (errno));
      _exit (127);
    }

  /* The first top-level window of our child that is mapped.  Popups
   * (override-redirect) and windows of other processes do not count. */
  deadline = t_exec + opt_timeout_ms;
  for (;;)
    {
      if (!next_event (&event, deadline))
        die ("no window was mapped before the timeout");
      if (event.type != MapNotify || event.xmap.event != root ||
          event.xmap.override_redirect)
        continue;
      if (!opt_any_pid && window_pid (event.xmap.window) != child_pid)
        continue;
      t_mapped = now_ms ();
      window = event.xmap.window;
      break;
    }

  /* Apps that cannot be told a window size (GNOME Text Editor) get it
   * here, at once, before they have drawn much: there is no window manager
   * to refuse it. */
  if (opt_resize_w > 0)
    XResizeWindow (dpy, window, (unsigned) opt_resize_w, (unsigned) opt_resize_h);

  damage = XDamageCreate (dpy, window, XDamageReportNonEmpty);
  XSync (dpy, False);

  /* Settled on screen (no Damage for --quiet ms) and idle (no CPU for as
   * long), whichever comes later; both times are reported. */
  {
    double last_damage = t_mapped, window_start = now_ms ();
    double window_cpu = child_cpu_ms ();
    double screen_deadline = deadline;

    t_idle = -1;
    last_busy = t_mapped;
    for (;;)
      {
        double now = now_ms ();
        double until = window_start + 100;

        if (now - last_damage >= opt_quiet_ms && now - last_busy >= opt_quiet_ms)
          {
            t_idle = last_busy;
            break;
          }
        if (now - last_damage >= opt_quiet_ms && screen_deadline == deadline)
          /* The screen is still: give the CPU at most 30 s more. */
          screen_deadline = MIN (deadline, now + 30000);
        if (now >= screen_deadline)
          {
            if (now - last_damage < opt_quiet_ms)
              die ("the window did not settle before the timeout");
            break;
          }
        if (until > screen_deadline)
          until = screen_deadline;
        if (next_event (&event, until))
          {
            if (event.type == damage_event_base + XDamageNotify)
              {
                last_damage = now_ms ();
                XDamageSubtract (dpy, damage, None, None);
              }
            continue;
          }
        now = now_ms ();
        if (now - window_start >= 100)
          {
            double cpu = child_cpu_ms ();

            if ((cpu - window_cpu) / (now - window_start) > 0.2)
              last_busy = now;
            window_cpu = cpu;
            window_start = now;
          }
      }
    t_settled = last_damage;
  }

  x_error_seen = 0;
  if (!XGetWindowAttributes (dpy, window, &attrs) || x_error_seen)
    die ("the window went away");

  if (opt_n_keys > 0)
    {
      int text_len = (int) strlen (opt_key_text);
      Window child_return;
      int root_x = 0, root_y = 0;

      latencies = calloc ((size_t) opt_n_keys, sizeof (double));

      /* No window manager: focus follows the pointer, so point and click
       * into the text first. */
      XTranslateCoordinates (dpy, window, root,
                             opt_click_x >= 0 ? opt_click_x : attrs.width / 2,
                             opt_click_y >= 0 ? opt_click_y : attrs.height / 2,
                             &root_x, &root_y, &child_return);
      XTestFakeMotionEvent (dpy, DefaultScreen (dpy), root_x, root_y, CurrentTime);
      XTestFakeButtonEvent (dpy, 1, True, CurrentTime);
      XTestFakeButtonEvent (dpy, 1, False, CurrentTime);
      XFlush (dpy);
      usleep (100000);
      if (opt_pre_keys != NULL)
        send_chords (opt_pre_keys);
      wait_quiet (damage, 500, now_ms (), now_ms () + 10000);

      for (int i = 0; i < opt_n_keys; i++)
        {
          char letter[2] = { opt_key_text[i % text_len], 0 };
          KeySym sym = letter[0] == ' ' ? XK_space : XStringToKeysym (letter);
          KeyCode code = XKeysymToKeycode (dpy, sym);
          double sent, until;
          int got = 0;

          if (code == 0)
            die ("a letter in --key-text has no key on this keyboard");

          XTestFakeKeyEvent (dpy, code, True, CurrentTime);
          XTestFakeKeyEvent (dpy, code, False, CurrentTime);
          sent = now_ms ();
          XFlush (dpy);

          until = sent + 1000;
          while (next_event (&event, until))
            {
              if (event.type == damage_event_base + XDamageNotify)
                {
                  latencies[n_latencies++] = now_ms () - sent;
                  XDamageSubtract (dpy, damage, None, None);
                  got = 1;
                  break;
                }
            }
          if (!got)
            n_missed++;
          /* A person types ~5-10 keys a second; let this key's redraws end
           * so that the next key is timed on its own. */
          wait_quiet (damage, opt_key_gap_ms, now_ms (), now_ms () + 2000);
        }
    }

  /* After the keys, if any: the picture shows where the letters went. */
  if (opt_screenshot != NULL)
    save_screenshot (window, attrs.width, attrs.height);

  /* The app is our child: stop it and ask the kernel what it used. */
  kill (child_pid, SIGTERM);
  {
    double give_up = now_ms () + 5000;
    pid_t got = 0;

    while ((got = wait4 (child_pid, &status, WNOHANG, &usage_info)) == 0 &&
           now_ms () < give_up)
      usleep (10000);
    if (got != child_pid)
      {
        kill (child_pid, SIGKILL);
        wait4 (child_pid, &status, 0, &usage_info);
      }
  }
  child_pid = 0;

  printf ("mapped_ms=%.1f settled_ms=%.1f", t_mapped - t_exec, t_settled - t_exec);
  if (t_idle >= 0)
    printf (" idle_ms=%.1f", t_idle - t_exec);
  else
    printf (" idle_ms=none");
  printf (" rss_kb=%ld cpu_ms=%.0f win=%dx%d",
          usage_info.ru_maxrss,
          usage_info.ru_utime.tv_sec * 1000.0 + usage_info.ru_utime.tv_usec / 1000.0 +
          usage_info.ru_stime.tv_sec * 1000.0 + usage_info.ru_stime.tv_usec / 1000.0,
          attrs.width, attrs.height);
  if (opt_n_keys > 0)
    {
      FILE *out = opt_keys_out ? fopen (opt_keys_out, "w") : NULL;

      if (out != NULL)
        {
          for (int i = 0; i < n_latencies; i++)
            fprintf (out, "%.3f\n", latencies[i]);
          fclose (out);
        }
      qsort (latencies, (size_t) n_latencies, sizeof (double), compare_doubles);
      if (n_latencies > 0)
        printf (" key_med_ms=%.2f key_p95_ms=%.2f key_max_ms=%.2f",
                n_latencies % 2 ? latencies[n_latencies / 2]
                : (latencies[n_latencies / 2 - 1] + latencies[n_latencies / 2]) / 2,
                percentile (latencies, n_latencies, 95),
                latencies[n_latencies - 1]);
      printf (" keys=%d keys_missed=%d", n_latencies, n_missed);
    }
  printf ("\n");
  free (latencies);
  XCloseDisplay (dpy);
  return n_missed > 0 && n_latencies == 0 ? 1 : 0;
}
