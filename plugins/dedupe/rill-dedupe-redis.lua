-- rill-dedupe-redis.lua: check-and-add of a batch of docs, atomically.
--
-- Runs inside Redis (Lua 5.1 with the bit and struct libraries); loaded by
-- rill-dedupe-redis.c (SCRIPT LOAD, EVALSHA, EVAL after NOSCRIPT). It
-- mirrors rill_dedupe_index_check_and_add() and the engines' find
-- functions exactly, so that one worker or many give the verdicts of the
-- in-memory index. See rill-dedupe-redis.c for the keys.
--
-- KEYS[1]  the prefix P
-- ARGV[1]  method: x (exact), s (simhash), m (minhash)
-- ARGV[2..5] simhash: k, radius, block widths "w1,w2,...", unused
--            minhash: slots, bands, verify (c|j), threshold (%.17g)
-- then 7 arguments a doc:
--   key ("" = none), signature (binary), aux (simhash: block values
--   "v1,v2,..."; minhash: band keys, 4 bytes each), size (minhash
--   shingles), searchable (1|0: an empty text matches nothing), date
--   ("" = none), info ("" = none)
-- Returns 9 values a doc: id, verdict (0 new, 1 duplicate), dup_of,
-- match, cluster, s1, s2 (simhash: distance; minhash: equal slots and
-- the match's shingle count), again (1: key seen before), dup_of info
-- ("date\ninfo" or "").
--
-- SPDX-License-Identifier: LGPL-2.1-or-later

local P = KEYS[1]
local method = ARGV[1]
local H, N = 5, 7
local n_docs = (#ARGV - H) / N
local out = {}

local K_KEY, K_NEXT, K_INFO, K_EARLY = P .. ':key', P .. ':next', P .. ':info', P .. ':early'
local K_X, K_SIG, K_MH = P .. ':x', P .. ':sig', P .. ':mh'

local band, bxor, rshift, lshift = bit.band, bit.bxor, bit.rshift, bit.lshift

local function popcount (x)
  x = x - band (rshift (x, 1), 0x55555555)
  x = band (x, 0x33333333) + band (rshift (x, 2), 0x33333333)
  x = band (x + rshift (x, 4), 0x0F0F0F0F)
  x = x + rshift (x, 8)
  x = x + rshift (x, 16)
  return band (x, 0x3F)
end

local function split (s, sep)
  local t = {}
  for v in string.gmatch (s, '[^' .. sep .. ']+') do
    t[#t + 1] = v
  end
  return t
end

-- method parameters
local sh_k, sh_r, sh_widths, mh_slots, mh_bands, mh_verify, mh_threshold
if method == 's' then
  sh_k = tonumber (ARGV[2])
  sh_r = tonumber (ARGV[3])
  sh_widths = split (ARGV[4], ',')
  for b = 1, #sh_widths do sh_widths[b] = tonumber (sh_widths[b]) end
elseif method == 'm' then
  mh_slots = tonumber (ARGV[2])
  mh_bands = tonumber (ARGV[3])
  mh_verify = ARGV[4]
  mh_threshold = tonumber (ARGV[5])
end

-- Finders: return match id, its cluster, s1, s2, score; or nil.

local function find_exact (sig)
  local v = redis.call ('HGET', K_X, sig)
  if v then
    local id = tonumber (v)
    return id, id, 0, 0, 1.0
  end
  return nil
end

-- every probed block value of every block, in one MGET
local function find_simhash (sig, blocks)
  local qhi, qlo = struct.unpack ('>I4I4', sig)
  local best_d, best_id, best_cl = 65, nil, nil
  local keys = {}
  for b = 1, #blocks do
    local v, pre = blocks[b], P .. ':sh:' .. (b - 1) .. ':'
    keys[#keys + 1] = pre .. v
    if sh_r >= 1 then
      for j = 0, sh_widths[b] - 1 do
        keys[#keys + 1] = pre .. bxor (v, lshift (1, j))
      end
    end
  end
  local vals = redis.call ('MGET', unpack (keys))
  for i = 1, #vals do
    local s = vals[i]
    if s then
      local pos, len = 1, #s
      while pos < len do
        local hi, lo, id, cl
        hi, lo, id, cl, pos = struct.unpack ('>I4I4I4I4', s, pos)
        -- the high half first, inlined: most records are ~32 bits away
        -- and fail there
        local x = bxor (hi, qhi)
        x = x - band (rshift (x, 1), 0x55555555)
        x = band (x, 0x33333333) + band (rshift (x, 2), 0x33333333)
        x = band (x + rshift (x, 4), 0x0F0F0F0F)
        x = x + rshift (x, 8)
        local d = band (x + rshift (x, 16), 0x3F)
        if d <= sh_k then
          d = d + popcount (bxor (lo, qlo))
          if d <= sh_k and (d < best_d or (d == best_d and id < best_id)) then
            best_d, best_id, best_cl = d, id, cl
          end
        end
      end
    end
  end
  if best_id then
    return best_id, best_cl, best_d, 0, 1.0 - best_d / 64.0
  end
  return nil
end

-- the fields of the band hash P:mh: one byte pair for the band, then its
-- 4-byte key
local function band_fields (bandkeys)
  local f = {}
  for b = 0, mh_bands - 1 do
    f[b + 1] = struct.pack ('>I2', b) .. string.sub (bandkeys, 4 * b + 1, 4 * b + 4)
  end
  return f
end

local function find_minhash (sig, fields, size)
  local cands, seen = {}, {}
  local bands = redis.call ('HMGET', K_MH, unpack (fields))
  for b = 1, mh_bands do
    local ids = bands[b]
    if ids then
      for pos = 1, #ids, 4 do
        local c = struct.unpack ('>I4', ids, pos)
        if not seen[c] then
          seen[c] = true
          cands[#cands + 1] = c
        end
      end
    end
  end
  if #cands == 0 then return nil end
  table.sort (cands)
  local nb = 4 * mh_slots
  local q = { string.byte (sig, 1, nb) }
  local best, best_i, best_cl, best_m, best_size = -1.0, nil, nil, 0, 0
  -- (in slices: unpack () is bounded by Lua's C stack)
  local recs = {}
  for i = 1, #cands, 1000 do
    local part = redis.call ('HMGET', K_SIG, unpack (cands, i, math.min (i + 999, #cands)))
    for j = 1, #part do recs[#recs + 1] = part[j] end
  end
  for i = 1, #cands do
    local c = cands[i]
    local rec = recs[i]
    local csize, ccl = struct.unpack ('>I4I4', rec)
    local cb = { string.byte (rec, 9, 8 + nb) }
    local m = 0
    for s = 1, nb, 4 do
      if q[s] == cb[s] and q[s + 1] == cb[s + 1] and q[s + 2] == cb[s + 2]
         and q[s + 3] == cb[s + 3] then
        m = m + 1
      end
    end
    -- rill_minhash_jaccard () and rill_minhash_score (), same arithmetic
    local j = m / mh_slots
    local sc = j
    if mh_verify == 'c' then
      local mn = math.min (size, csize)
      if mn ~= 0 then
        local inter = j * (size + csize) / (1.0 + j)
        sc = math.min (1.0, inter / mn)
      end
    end
    if sc > best then
      best, best_i, best_cl, best_m, best_size = sc, c, ccl, m, csize
    end
  end
  if best_i == nil or best < mh_threshold then return nil end
  return best_i, best_cl, best_m, best_size, best
end

-- Adders (the doc goes into the similarity index)

local function add_exact (sig, id)
  redis.call ('HSET', K_X, sig, id)
end

local function add_simhash (sig, blocks, id, cluster)
  local rec = sig .. struct.pack ('>I4I4', id, cluster)
  for b = 1, #blocks do
    redis.call ('APPEND', P .. ':sh:' .. (b - 1) .. ':' .. blocks[b], rec)
  end
end

local function add_minhash (sig, fields, size, id, cluster)
  local pid = struct.pack ('>I4', id)
  local old = redis.call ('HMGET', K_MH, unpack (fields))
  local args = {}
  for b = 1, mh_bands do
    args[2 * b - 1] = fields[b]
    args[2 * b] = old[b] and (old[b] .. pid) or pid
  end
  redis.call ('HSET', K_MH, unpack (args))
  redis.call ('HSET', K_SIG, id, struct.pack ('>I4I4', size, cluster) .. sig)
end

local function info_of (id)
  return redis.call ('HGET', K_INFO, id) or ''
end

for i = 0, n_docs - 1 do
  local a = H + i * N
  local key, sig, aux, size = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], tonumber (ARGV[a + 4])
  local searchable, date, info = ARGV[a + 5], ARGV[a + 6], ARGV[a + 7]
  local rec = false

  if key ~= '' then
    rec = redis.call ('HGET', K_KEY, key)
  end
  if rec then
    -- a redelivery: the recorded verdict
    local f = split (rec, ' ')
    for j = 1, 7 do out[#out + 1] = tonumber (f[j]) end
    out[#out + 1] = 1
    out[#out + 1] = tonumber (f[2]) == 1 and info_of (f[3]) or ''
  else
    local id = redis.call ('INCR', K_NEXT)
    if id > 4294967295 then
      return redis.error_reply ('ERR dedupe index is full (2^32 - 1 docs)')
    end
    local blocks, fields
    if method == 's' then
      blocks = split (aux, ',')
      for b = 1, #blocks do blocks[b] = tonumber (blocks[b]) end
    elseif method == 'm' then
      fields = band_fields (aux)
    end
    local m, mcl, s1, s2, score
    if searchable == '1' then
      if method == 'x' then
        m, mcl, s1, s2, score = find_exact (sig)
      elseif method == 's' then
        m, mcl, s1, s2, score = find_simhash (sig, blocks)
      else
        m, mcl, s1, s2, score = find_minhash (sig, fields, size)
      end
    end
    local dnum = tonumber (date)
    local verdict, dup_of, cluster, dupinfo = 0, 0, id, ''
    local nameable = true
    if m then
      -- fill_match () then note_date ()
      verdict, cluster = 1, mcl
      dup_of = cluster
      local e = redis.call ('HGET', K_EARLY, cluster)
      local edate
      if e then
        local ef = split (e, ' ')
        edate, dup_of = tonumber (ef[1]), tonumber (ef[2])
      end
      dupinfo = info_of (dup_of)
      nameable = false
      if dnum and (not e or dnum < edate) then
        redis.call ('HSET', K_EARLY, cluster, date .. ' ' .. id)
        nameable = true
      end
    else
      m, s1, s2, score = 0, 0, 0, 0.0
      if dnum then
        redis.call ('HSET', K_EARLY, id, date .. ' ' .. id)
      end
    end
    if nameable and (info ~= '' or dnum) then
      redis.call ('HSET', K_INFO, id, date .. '\n' .. info)
    end
    -- a copy all but identical to its match stays out of the index
    if verdict == 0 or score < 0.98 then
      if method == 'x' then
        add_exact (sig, id)
      elseif method == 's' then
        add_simhash (sig, blocks, id, cluster)
      else
        add_minhash (sig, fields, size, id, cluster)
      end
    end
    local r = { id, verdict, dup_of, m, cluster, s1, s2 }
    if key ~= '' then
      redis.call ('HSET', K_KEY, key, table.concat (r, ' '))
    end
    for j = 1, 7 do out[#out + 1] = r[j] end
    out[#out + 1] = 0
    out[#out + 1] = dupinfo
  end
end
return out
