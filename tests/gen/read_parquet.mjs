// Reads a Parquet file with hyparquet (an independent reader) and prints, on stdout, one
// JSON line of facts about the file (rows, schema, codecs, page counts are not exposed) and
// then every row as a JSON line {"text": ..., "price": ...}. Compressed pages (SNAPPY, GZIP,
// ZSTD...) are decoded by hyparquet-compressors (GZIP with node's zlib when that package is
// missing). `columns` describes the first row group, `groups` every row group.
// Used by tests/cli/test_export*.sh.
//
// usage: node read_parquet.mjs FILE
import { gunzipSync } from 'node:zlib'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'

let extra = null
try { extra = (await import('hyparquet-compressors')).compressors } catch { extra = null }
const file = await asyncBufferFromFile(process.argv[2])
const meta = await parquetMetadataAsync(file)
const schema = parquetSchema(meta)
const colFacts = (g) => g.columns.map(c => ({
  path: c.meta_data.path_in_schema.join('.'),
  type: c.meta_data.type,
  codec: c.meta_data.codec,
  num_values: Number(c.meta_data.num_values),
  min: c.meta_data.statistics?.min_value,
  max: c.meta_data.statistics?.max_value,
  null_count: c.meta_data.statistics?.null_count === undefined ? null : Number(c.meta_data.statistics.null_count),
}))
const cols = colFacts(meta.row_groups[0])
const facts = {
  version: meta.version,
  num_rows: Number(meta.num_rows),
  row_groups: meta.row_groups.length,
  fields: schema.children.map(c => ({
    name: c.element.name,
    type: c.element.type,
    repetition: c.element.repetition_type,
    logical: c.element.logical_type?.type ?? null,
  })),
  columns: cols,
  created_by: meta.created_by ?? null,
  groups: meta.row_groups.map(g => ({ num_rows: Number(g.num_rows), columns: colFacts(g) })),
}
console.log(JSON.stringify(facts, (k, v) => typeof v === 'bigint' ? Number(v) : v))
const compressors = extra ?? { GZIP: (input, n) => new Uint8Array(gunzipSync(input)) }
const rows = await parquetReadObjects({ file, compressors })
const out = []
for (const r of rows) out.push(JSON.stringify({ text: r.text, price: r.price }))
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''))
