/* rill-http1-client.h: a small HTTP/1.1 client for plain http:// GETs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _RillHttp1Client RillHttp1Client;

/* What an exchange tells its caller, in this order: head() once, then
 * room()/got() while the body comes, then done(), with @error (transfer
 * full) NULL when the whole body was read. head() returning FALSE says
 * the body is not wanted: the client reads it away when it is short (to
 * keep the connection) or closes the connection, then calls done(),
 * whose error the caller may ignore. got() returning FALSE stops the
 * exchange: nothing more is called. Every call is made on the client's
 * main context. */
typedef struct {
  gboolean (*head) (gpointer            data,
                    guint               status,
                    SoupMessageHeaders *headers);
  guint8 * (*room) (gpointer            data,
                    gsize              *room);
  gboolean (*got)  (gpointer            data,
                    gsize               n);
  void     (*done) (gpointer            data,
                    GError             *error);
} RillHttp1Handler;

RillHttp1Client *rill_http1_client_new   (GMainContext           *context,
                                          const char             *user_agent);
void             rill_http1_client_free  (RillHttp1Client        *client);
void             rill_http1_client_get   (RillHttp1Client        *client,
                                          GUri                   *uri,
                                          SoupMessageHeaders     *headers,
                                          GCancellable           *cancellable,
                                          const RillHttp1Handler *handler,
                                          gpointer                data);

G_END_DECLS
