/* bare-window.c: the floor for start-up — a libadwaita window and a text view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwApplicationWindow holding a header bar and a GtkSourceView in a
 * scrolled window, and nothing else.  Byline can hardly start faster than
 * this, so the benchmark compares Byline's start-up with it.  Given a file,
 * it reads it off the main thread and puts it into the view in one go, the
 * simplest way a GTK app can show a long text.
 *
 *   bare-window [--size=WIDTHxHEIGHT] [FILE]
 */
#define G_LOG_DOMAIN "bare-window"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

static int window_width = 1000;
static int window_height = 700;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkTextBuffer) buffer = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length,
                                    NULL, &error))
    {
      g_printerr ("bare-window: %s\n", error->message);
      return;
    }
  if (!g_utf8_validate (contents, (gssize) length, NULL))
    {
      g_printerr ("bare-window: the file is not UTF-8 text\n");
      return;
    }
  gtk_text_buffer_set_text (buffer, contents, (int) length);
}

static GtkWidget *
make_window (GtkApplication *app,
             GFile          *file)
{
  GtkWidget *window, *box, *header, *scroller, *view;

  window = adw_application_window_new (app);
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), window_width, window_height);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  view = gtk_source_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (box), scroller);

  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  if (file != NULL)
    g_file_load_contents_async (file, NULL, on_loaded,
                                g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))));

  gtk_widget_grab_focus (view);
  return window;
}

static void
on_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (make_window (GTK_APPLICATION (app), NULL)));
}

static void
on_open (GApplication  *app,
         GFile        **files,
         int            n_files,
         const char    *hint)
{
  gtk_window_present (GTK_WINDOW (make_window (GTK_APPLICATION (app), files[0])));
}

static int
on_handle_local_options (GApplication *app,
                         GVariantDict *options,
                         gpointer      user_data)
{
  const char *size = NULL;

  if (g_variant_dict_lookup (options, "size", "&s", &size) &&
      sscanf (size, "%dx%d", &window_width, &window_height) != 2)
    {
      g_printerr ("bare-window: --size wants WIDTHxHEIGHT, not “%s”\n", size);
      return 2;
    }
  return -1;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  app = adw_application_new ("io.github.byline.BenchBareWindow",
                             G_APPLICATION_HANDLES_OPEN);
  g_application_add_main_option (G_APPLICATION (app), "size", 0, 0,
                                 G_OPTION_ARG_STRING,
                                 "Default window size", "WIDTHxHEIGHT");
  g_signal_connect (app, "handle-local-options",
                    G_CALLBACK (on_handle_local_options), NULL);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (app, "open", G_CALLBACK (on_open), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
