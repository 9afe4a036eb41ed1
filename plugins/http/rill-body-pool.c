/* rill-body-pool.c: recycled buffers for response bodies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rill-body-pool.h"

#include <string.h>

/* http-fetch reads each body into one block and hands it on as a GBytes
 * whose free function gives the block back to the pool, from whatever
 * thread drops the last reference. Fresh blocks of 30 to 200 KB come
 * from mmap or a freshly trimmed heap and cost a page fault per 4 KB
 * when the socket is read into them (measured: 10 to 15 faults per
 * page, most of the variance in CPU between runs); recycled ones do not.
 *
 * Capacities are rounded up to GRAIN. take() returns the smallest free
 * block that fits and wastes at most half of it, else a new one. The
 * pool keeps at most max_bytes of free blocks and never blocks larger
 * than MAX_POOLED_BLOCK; what does not fit is freed. Every block holds
 * a reference on the pool, so blocks may outlive the element: after
 * close() they are freed when released, and the pool with the last one.
 */

#define GRAIN (16 * 1024)
#define MAX_POOLED_BLOCK (4 * 1024 * 1024)

struct _RillBodyPool
{
  gatomicrefcount ref;
  GMutex lock;
  gboolean closed;
  gsize max_bytes;
  gsize free_bytes;
  GPtrArray *free;               /* RillBodyBlock */
};

struct _RillBodyBlock
{
  RillBodyPool *pool;
  gsize capacity;
  guint8 *data;
};

static void
pool_unref (RillBodyPool *pool)
{
  if (!g_atomic_ref_count_dec (&pool->ref))
    return;
  g_ptr_array_unref (pool->free);
  g_mutex_clear (&pool->lock);
  g_free (pool);
}

static void
block_free (RillBodyBlock *block)
{
  g_free (block->data);
  g_free (block);
}

/**
 * rill_body_pool_new:
 * @max_bytes: free blocks kept at most, in bytes
 *
 * Returns: (transfer full): a pool, owned by its caller until
 *   rill_body_pool_close()
 */
RillBodyPool *
rill_body_pool_new (gsize max_bytes)
{
  RillBodyPool *pool = g_new0 (RillBodyPool, 1);

  g_atomic_ref_count_init (&pool->ref);
  g_mutex_init (&pool->lock);
  pool->max_bytes = max_bytes;
  pool->free = g_ptr_array_new ();
  return pool;
}

/**
 * rill_body_pool_close:
 * @pool: (transfer full): a pool
 *
 * Frees the free blocks and drops the owner's reference; blocks still
 * out are freed when released.
 */
void
rill_body_pool_close (RillBodyPool *pool)
{
  g_autoptr(GPtrArray) blocks = NULL;

  if (pool == NULL)
    return;
  g_mutex_lock (&pool->lock);
  pool->closed = TRUE;
  blocks = g_steal_pointer (&pool->free);
  pool->free = g_ptr_array_new ();
  pool->free_bytes = 0;
  g_mutex_unlock (&pool->lock);
  for (guint i = 0; i < blocks->len; i++)
    {
      RillBodyBlock *block = blocks->pdata[i];

      block_free (block);
      pool_unref (pool);
    }
  pool_unref (pool);
}

/* Bytes in free blocks, for the tests. */
gsize
rill_body_pool_get_free_bytes (RillBodyPool *pool)
{
  gsize n;

  g_mutex_lock (&pool->lock);
  n = pool->free_bytes;
  g_mutex_unlock (&pool->lock);
  return n;
}

/**
 * rill_body_pool_take:
 * @pool: a pool
 * @size: bytes needed
 *
 * Returns: (transfer full): a block of at least @size bytes (contents
 *   undefined), to give back with rill_body_block_release() or
 *   rill_body_block_free_to_bytes()
 */
RillBodyBlock *
rill_body_pool_take (RillBodyPool *pool,
                     gsize         size)
{
  RillBodyBlock *block = NULL;
  gsize capacity = MAX (GRAIN, (size + GRAIN - 1) / GRAIN * GRAIN);
  guint best = G_MAXUINT;

  g_mutex_lock (&pool->lock);
  for (guint i = 0; i < pool->free->len; i++)
    {
      RillBodyBlock *b = pool->free->pdata[i];

      if (b->capacity >= capacity && b->capacity / 2 <= capacity &&
          (best == G_MAXUINT || b->capacity < ((RillBodyBlock *) pool->free->pdata[best])->capacity))
        {
          best = i;
          if (b->capacity == capacity)
            break;
        }
    }
  if (best != G_MAXUINT)
    {
      block = g_ptr_array_steal_index_fast (pool->free, best);
      pool->free_bytes -= block->capacity;
    }
  g_mutex_unlock (&pool->lock);

  if (block == NULL)
    {
      block = g_new (RillBodyBlock, 1);
      block->pool = pool;
      block->capacity = capacity;
      block->data = g_malloc (capacity);
      g_atomic_ref_count_inc (&pool->ref);
    }
  return block;
}

guint8 *
rill_body_block_get_data (RillBodyBlock *block)
{
  return block->data;
}

gsize
rill_body_block_get_capacity (RillBodyBlock *block)
{
  return block->capacity;
}

/**
 * rill_body_block_grow:
 * @block: (transfer full): a block
 * @used: bytes of @block to keep
 * @size: bytes needed
 *
 * Returns: (transfer full): a block of at least @size bytes that starts
 *   with the first @used bytes of @block (which may be @block itself)
 */
RillBodyBlock *
rill_body_block_grow (RillBodyBlock *block,
                      gsize          used,
                      gsize          size)
{
  RillBodyBlock *bigger;

  if (block->capacity >= size)
    return block;
  bigger = rill_body_pool_take (block->pool, size);
  memcpy (bigger->data, block->data, used);
  rill_body_block_release (block);
  return bigger;
}

/**
 * rill_body_block_release:
 * @block: (transfer full): a block
 *
 * Gives @block back to its pool (or frees it), from any thread.
 */
void
rill_body_block_release (RillBodyBlock *block)
{
  RillBodyPool *pool = block->pool;
  gboolean kept = FALSE;

  g_mutex_lock (&pool->lock);
  if (!pool->closed && block->capacity <= MAX_POOLED_BLOCK &&
      pool->free_bytes + block->capacity <= pool->max_bytes)
    {
      g_ptr_array_add (pool->free, block);
      pool->free_bytes += block->capacity;
      kept = TRUE;
    }
  g_mutex_unlock (&pool->lock);
  if (!kept)
    {
      block_free (block);
      pool_unref (pool);
    }
}

/**
 * rill_body_block_free_to_bytes:
 * @block: (transfer full): a block
 * @len: bytes of @block used
 *
 * Returns: (transfer full): the first @len bytes of @block, without a
 *   copy; the block goes back to its pool when the bytes are freed
 */
GBytes *
rill_body_block_free_to_bytes (RillBodyBlock *block,
                               gsize          len)
{
  g_return_val_if_fail (len <= block->capacity, NULL);
  return g_bytes_new_with_free_func (block->data, len,
                                     (GDestroyNotify) rill_body_block_release, block);
}
